/**
 * The Cognito sign-in steps against the local fake hosted UI over real HTTP (apps/web/e2e/fake-cognito.ts):
 * a completed sign-in, refresh, a state mismatch, the hosted UI's error, a callback without a pending
 * sign-in, and a failed code exchange. Node has no sessionStorage, so a Map-backed one stands in.
 */
import type { CognitoHostedUiConfig } from '@diatonic/api-schemas';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeCognito, startFakeCognito } from '../../e2e/fake-cognito.ts';
import { ApiError } from './api-error.ts';
import {
  cognitoLogoutUrl,
  completeCognitoSignIn,
  refreshCognitoTokens,
  SignInError,
  startSignIn,
} from './cognito-session.ts';
import { sessionStore } from './session-store.ts';

const webOrigin = 'http://app.test';
const pendingKey = 'diatonic.cognito.pendingSignIn';
let fake: FakeCognito;
let ui: CognitoHostedUiConfig;

const memory = new Map<string, string>();
Object.assign(globalThis, {
  sessionStorage: {
    getItem: (key: string) => memory.get(key) ?? null,
    setItem: (key: string, value: string) => void memory.set(key, value),
    removeItem: (key: string) => void memory.delete(key),
  },
});

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** What the browser does on the hosted UI: open the authorize URL, press a button, follow the redirect back. */
async function pressOnHostedUi(
  authorizeUrl: string,
  button: 'sign-in' | 'cancel',
  state?: string,
): Promise<URLSearchParams> {
  const url = new URL(authorizeUrl);
  const form = await fetch(url);
  expect(form.status).toBe(200);
  expect(await form.text()).toContain('Sign in');
  const body = new URLSearchParams({
    redirect_uri: url.searchParams.get('redirect_uri')!,
    state: state ?? url.searchParams.get('state')!,
    code_challenge: url.searchParams.get('code_challenge')!,
    scope: url.searchParams.get('scope')!,
    email: 'Pool.User@Example.com',
    ...(button === 'cancel' ? { cancel: '1' } : {}),
  });
  const back = await fetch(new URL('/login', fake.domain), { method: 'POST', body, redirect: 'manual' });
  expect(back.status).toBe(302);
  const location = new URL(back.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(`${webOrigin}/auth/callback`);
  return location.searchParams;
}

async function expectSignInError(promise: Promise<unknown>, reason: SignInError['reason'], message: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SignInError);
  expect((error as SignInError).reason).toBe(reason);
  expect((error as SignInError).message).toMatch(message);
}

beforeAll(async () => {
  fake = await startFakeCognito();
  fake.allowWebOrigin(webOrigin);
  ui = {
    domain: fake.domain,
    clientId: fake.clientId,
    scopes: ['openid', 'email'],
    redirectUri: null,
    logoutUri: null,
  };
});
afterAll(() => fake?.close());
beforeEach(() => {
  memory.clear();
  sessionStore.clear();
});

describe('Cognito hosted UI sign-in', () => {
  it('asks for a code with an S256 challenge and state, and trades it for an id token and a refresh token', async () => {
    const authorizeUrl = new URL(await startSignIn(ui, '/education', webOrigin));
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${fake.domain}/oauth2/authorize`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: fake.clientId,
      redirect_uri: `${webOrigin}/auth/callback`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    const grantsBefore = fake.counts.codeGrants;

    const next = await completeCognitoSignIn(ui, await pressOnHostedUi(authorizeUrl.toString(), 'sign-in'));

    expect(next).toBe('/education');
    expect(fake.counts.codeGrants).toBe(grantsBefore + 1);
    const { accessToken, refreshToken } = sessionStore.get();
    expect(claimsOf(accessToken!)).toMatchObject({ token_use: 'id', aud: fake.clientId, iss: fake.issuer });
    expect(claimsOf(accessToken!).email).toBe('pool.user@example.com');
    expect(memory.has(pendingKey)).toBe(false);

    const refreshed = await refreshCognitoTokens(ui, refreshToken!);
    expect(refreshed.refreshToken).toBe(refreshToken);
    expect(claimsOf(refreshed.accessToken)).toMatchObject({ token_use: 'id', sub: claimsOf(accessToken!).sub });
  });

  it('refuses a callback whose state is not the one this tab stored, without exchanging the code', async () => {
    const authorizeUrl = await startSignIn(ui, '/', webOrigin);
    const grantsBefore = fake.counts.codeGrants;
    const callback = await pressOnHostedUi(authorizeUrl, 'sign-in', 'forged-state');
    expect(callback.get('code')).toBeTruthy();

    await expectSignInError(completeCognitoSignIn(ui, callback), 'state_mismatch', /state mismatch/);
    expect(fake.counts.codeGrants).toBe(grantsBefore);
    expect(sessionStore.get().refreshToken).toBeNull();
  });

  it('reports the hosted UI’s error in words', async () => {
    const callback = await pressOnHostedUi(await startSignIn(ui, '/', webOrigin), 'cancel');
    expect(callback.get('error')).toBe('access_denied');
    await expectSignInError(
      completeCognitoSignIn(ui, callback),
      'provider_error',
      /cancelled or refused.*User cancelled/,
    );
  });

  it('refuses a callback when no sign-in is pending (another tab, or the same link twice)', async () => {
    const callback = await pressOnHostedUi(await startSignIn(ui, '/', webOrigin), 'sign-in');
    await completeCognitoSignIn(ui, callback);
    await expectSignInError(
      completeCognitoSignIn(ui, callback),
      'no_pending_sign_in',
      /not started in this browser tab/,
    );
  });

  it('fails clearly when the token endpoint refuses the exchange (a verifier that does not match)', async () => {
    const callback = await pressOnHostedUi(await startSignIn(ui, '/', webOrigin), 'sign-in');
    const pending = JSON.parse(memory.get(pendingKey)!) as { verifier: string };
    memory.set(pendingKey, JSON.stringify({ ...pending, verifier: 'x'.repeat(43) }));

    await expectSignInError(
      completeCognitoSignIn(ui, callback),
      'token_exchange',
      /could not be completed.*invalid_grant/,
    );
    expect(sessionStore.get().refreshToken).toBeNull();
  });

  it('ends nothing silently: a refused refresh token is a 4xx ApiError (the session code then signs out)', async () => {
    const error = await refreshCognitoTokens(ui, 'not-a-refresh-token').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toMatch(/invalid_grant/);
  });

  it('signs out at the hosted UI with the client id and the registered sign-out URI', () => {
    const url = new URL(cognitoLogoutUrl(ui, webOrigin));
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: fake.clientId, logout_uri: `${webOrigin}/` });
  });
});
