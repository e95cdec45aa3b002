import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cognitoIssuer, createCognitoVerifier } from './cognito-verifier.ts';
import { createTestClock, rejection } from './identity-test-kit.ts';
import { signJwt } from './jwt.ts';
import { generateKeyPair } from './key-pair.ts';

const region = 'us-east-2';
const userPoolId = 'us-east-2_TestPool1';
const clientId = 'cognito-client-1';
const issuer = cognitoIssuer(region, userPoolId);

function rsaKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPair({ type: 'rsa', modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

function setup() {
  const clock = createTestClock();
  const keys = [rsaKey('kid-1')];
  const fetched: string[] = [];
  const verify = createCognitoVerifier({
    region,
    userPoolId,
    clientId,
    clock,
    fetchJwks: async (url) => {
      fetched.push(url);
      return { keys: keys.map((k) => k.jwk) };
    },
  });
  const now = () => Math.floor(clock.nowMs() / 1000);
  const sign = (claims: Record<string, unknown>, key: { kid: string; privateKey: KeyObject } = keys[0]!) =>
    signJwt({ alg: 'RS256', kid: key.kid }, claims, key.privateKey);
  const access = (extra: Record<string, unknown> = {}) =>
    sign({
      sub: 'cog-sub-1',
      iss: issuer,
      client_id: clientId,
      token_use: 'access',
      iat: now(),
      exp: now() + 3600,
      ...extra,
    });
  const id = (extra: Record<string, unknown> = {}) =>
    sign({
      sub: 'cog-sub-1',
      iss: issuer,
      aud: clientId,
      token_use: 'id',
      email: 'ada@example.com',
      email_verified: true,
      iat: now(),
      exp: now() + 3600,
      ...extra,
    });
  return { clock, keys, fetched, verify, sign, access, id };
}

describe('Cognito verifier', () => {
  it('accepts a pool access token and an id token, reading the JWKS from the pool issuer once', async () => {
    const { verify, access, id, fetched } = setup();
    await expect(verify(access({ 'cognito:groups': ['platform_admin'] }))).resolves.toEqual({
      provider: 'cognito',
      sub: 'cog-sub-1',
      groups: ['platform_admin'],
      issuedAtMs: expect.any(Number),
    });
    await expect(verify(id())).resolves.toMatchObject({ sub: 'cog-sub-1', email: 'ada@example.com' });
    expect(fetched).toEqual([`https://cognito-idp.us-east-2.amazonaws.com/${userPoolId}/.well-known/jwks.json`]);
  });

  it.each([
    ['another issuer', { iss: 'https://cognito-idp.us-east-2.amazonaws.com/other' }],
    ['another client', { client_id: 'someone-else' }],
    ['an unknown token_use', { token_use: 'refresh' }],
    ['no sub', { sub: undefined }],
  ])('refuses an access token with %s', async (_, extra) => {
    const { verify, access } = setup();
    expect(await rejection(verify(access(extra)))).toMatchObject({
      code: 'unauthenticated',
      details: { reason: 'claims' },
    });
  });

  it('checks the id token audience, and drops an unverified e-mail', async () => {
    const { verify, id } = setup();
    expect((await rejection(verify(id({ aud: 'someone-else' })))).details).toEqual({ reason: 'claims' });
    const identity = await verify(id({ email_verified: false }));
    expect(identity.email).toBeUndefined();
  });

  it('honours exp and nbf with a small leeway', async () => {
    const { verify, access, clock } = setup();
    const now = Math.floor(clock.nowMs() / 1000);
    expect((await rejection(verify(access({ exp: now - 31 })))).details).toEqual({ reason: 'expired' });
    await expect(verify(access({ exp: now - 29 }))).resolves.toMatchObject({ sub: 'cog-sub-1' });
    expect((await rejection(verify(access({ nbf: now + 60 })))).details).toEqual({ reason: 'not_yet_valid' });
    expect((await rejection(verify(access({ exp: undefined })))).details).toEqual({ reason: 'expired' });
  });

  it('refuses a signature by a key outside the JWKS, and ES256 or none algorithms', async () => {
    const { verify, access, sign } = setup();
    const stranger = { ...rsaKey('kid-1') };
    const claims = JSON.parse(Buffer.from(access().split('.')[1]!, 'base64url').toString());
    expect((await rejection(verify(sign(claims, stranger)))).details).toEqual({ reason: 'signature' });
    const ec = generateKeyPair({ type: 'ec', namedCurve: 'P-256' }).privateKey;
    expect((await rejection(verify(signJwt({ alg: 'ES256', kid: 'kid-1' }, claims, ec)))).details).toEqual({
      reason: 'malformed',
    });
  });

  it('refetches the JWKS once for an unknown kid, then not again until the interval passes', async () => {
    const { verify, access, keys, fetched, sign, clock } = setup();
    await verify(access());
    const rotated = rsaKey('kid-2');
    keys.push(rotated);
    const claims = JSON.parse(Buffer.from(access().split('.')[1]!, 'base64url').toString());
    // Fetched 0 ms ago: an unknown kid does not trigger a refetch yet.
    expect((await rejection(verify(sign(claims, rotated)))).details).toEqual({ reason: 'unknown_key' });
    clock.advance(30_000);
    const fresh = JSON.parse(Buffer.from(access().split('.')[1]!, 'base64url').toString());
    await expect(verify(sign(fresh, rotated))).resolves.toMatchObject({ sub: 'cog-sub-1' });
    expect(fetched).toHaveLength(2);
    expect((await rejection(verify(sign(fresh, rsaKey('kid-3'))))).details).toEqual({ reason: 'unknown_key' });
    expect(fetched).toHaveLength(2);
  });

  it('reports an unreachable IdP as upstream_failed when it has no keys yet', async () => {
    const verify = createCognitoVerifier({
      region,
      userPoolId,
      clientId,
      fetchJwks: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    const token = signJwt({ alg: 'RS256', kid: 'x' }, { sub: 'a' }, rsaKey('x').privateKey);
    expect((await rejection(verify(token))).code).toBe('upstream_failed');
  });
});
