import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import { type Call, caller, signUp } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { loadConfig } from '../config.ts';

let platform: TempPlatform;
let call: Call;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { RATE_LIMIT_REQUESTS: '6', RATE_LIMIT_WINDOW_SECONDS: '3600' } });
  call = caller(platform);
});
afterAll(async () => {
  await platform.close();
});

describe('rate limiting keys on the authenticated user', () => {
  it('gives each signed-in user their own bucket, apart from anonymous calls from the same IP', async () => {
    // Two sign-ups spend two of the IP's six requests.
    const ada = await signUp(call, 'ada@example.com');
    const bob = await signUp(call, 'bob@example.com');
    for (let i = 0; i < 6; i++)
      expect((await call('GET', '/api/auth/me', { token: ada.accessToken })).status).toBe(200);
    await expectError(await call('GET', '/api/auth/me', { token: ada.accessToken }), 429, 'rate_limited');
    // Bob, behind the same IP, still has his own six; the anonymous IP bucket has four left.
    expect((await call('GET', '/api/auth/me', { token: bob.accessToken })).headers.get('ratelimit-remaining')).toBe(
      '5',
    );
    expect((await call('GET', '/api/platform')).headers.get('ratelimit-remaining')).toBe('3');
  });
});

describe('auth configuration', () => {
  it('defaults to the built-in provider with the local issuer', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'builtin', issuer: 'diatonic-local', clientId: 'diatonic-web' });
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://learn.example.com/', AUTH_CLIENT_ID: 'web' }).auth).toEqual({
      mode: 'builtin',
      issuer: 'https://learn.example.com',
      clientId: 'web',
    });
  });

  it('requires the pool settings in Cognito mode and validates them', () => {
    expect(() => loadConfig({ AUTH: 'cognito' })).toThrow(
      /COGNITO_REGION: is required when AUTH=cognito[\s\S]*COGNITO_USER_POOL_ID: is required[\s\S]*COGNITO_CLIENT_ID: is required/,
    );
    expect(() =>
      loadConfig({
        AUTH: 'cognito',
        COGNITO_REGION: 'eu-west-1',
        COGNITO_USER_POOL_ID: 'nope',
        COGNITO_CLIENT_ID: 'abc',
      }),
    ).toThrow(/COGNITO_USER_POOL_ID: must look like/);
    expect(() => loadConfig({ AUTH: 'ldap' })).toThrow(/AUTH:/);
    const config = loadConfig({
      AUTH: 'cognito',
      COGNITO_REGION: 'eu-west-1',
      COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
      COGNITO_CLIENT_ID: 'abc123',
      COGNITO_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
    });
    expect(config.auth).toEqual({
      mode: 'cognito',
      issuer: 'diatonic-local',
      clientId: 'abc123',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
      jwksUrl: 'http://127.0.0.1:9/jwks.json',
    });
  });
});
