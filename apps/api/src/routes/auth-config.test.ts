/** What `GET /api/auth/config` tells the web app, from the environment through loadConfig. */
import { AuthConfigResponse } from '@diatonic/api-schemas';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { toAuthConfigResponse } from './auth-config.ts';

const cognitoEnv = {
  AUTH: 'cognito',
  COGNITO_REGION: 'us-east-2',
  COGNITO_USER_POOL_ID: 'us-east-2_Pool1',
  COGNITO_CLIENT_ID: 'webclient1',
};

const answer = (env: Record<string, string>) => AuthConfigResponse.parse(toAuthConfigResponse(loadConfig(env).auth));

describe('GET /api/auth/config body', () => {
  it('says builtin by default, with nothing else', () => {
    expect(answer({})).toEqual({ mode: 'builtin' });
  });

  it('gives the hosted UI, client id, default scopes and, with PUBLIC_BASE_URL, the exact redirect URIs', () => {
    expect(
      answer({
        ...cognitoEnv,
        COGNITO_DOMAIN: 'https://diatonic-dev.auth.us-east-2.amazoncognito.com/',
        PUBLIC_BASE_URL: 'https://app.example.com/some/path',
      }),
    ).toEqual({
      mode: 'cognito',
      hostedUi: {
        domain: 'https://diatonic-dev.auth.us-east-2.amazoncognito.com',
        clientId: 'webclient1',
        scopes: ['openid', 'email', 'profile'],
        redirectUri: 'https://app.example.com/auth/callback',
        logoutUri: 'https://app.example.com/',
      },
    });
  });

  it('leaves the redirect URIs to the web origin without PUBLIC_BASE_URL, and takes COGNITO_SCOPES', () => {
    const body = answer({ ...cognitoEnv, COGNITO_DOMAIN: 'http://127.0.0.1:9999', COGNITO_SCOPES: 'openid email' });
    expect(body).toMatchObject({
      mode: 'cognito',
      hostedUi: { scopes: ['openid', 'email'], redirectUri: null, logoutUri: null },
    });
  });

  it('has no hosted UI without COGNITO_DOMAIN (API clients only)', () => {
    expect(answer(cognitoEnv)).toEqual({ mode: 'cognito', hostedUi: null });
  });

  it('refuses a domain with a path and scopes without openid, naming both', () => {
    let error: unknown;
    try {
      loadConfig({ ...cognitoEnv, COGNITO_DOMAIN: 'https://x.example.com/oauth2', COGNITO_SCOPES: 'email profile' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['COGNITO_DOMAIN', 'COGNITO_SCOPES']);
  });
});
