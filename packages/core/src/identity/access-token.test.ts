import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueAccessToken, verifyBuiltInAccessToken } from './access-token.ts';
import { createTestDeps, rejection } from './identity-test-kit.ts';
import { decodeJwt, signJwt } from './jwt.ts';
import { generateKeyPair } from './key-pair.ts';
import type { UserRecord } from './records.ts';
import { getActiveSigningKey, getJwks, rotateSigningKey } from './signing-keys.ts';

const user: UserRecord = {
  id: 'usr_01JGZ0000000000000000000AA',
  email: 'ada@example.com',
  emailNormalised: 'ada@example.com',
  name: 'Ada',
  personalOrgId: 'org_01JGZ0000000000000000000AA',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('built-in access tokens', () => {
  it('carries Cognito-compatible claims and a kid header, and verifies', async () => {
    const deps = createTestDeps();
    const { accessToken, accessTokenExpiresAtMs } = await issueAccessToken(deps, {
      ...user,
      platformRole: 'platform_admin',
    });
    const decoded = decodeJwt(accessToken)!;
    expect(decoded.header).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(decoded.header.kid).toMatch(/^key_/);
    const now = Math.floor(deps.clock.nowMs() / 1000);
    expect(decoded.claims).toMatchObject({
      sub: user.id,
      email: 'ada@example.com',
      token_use: 'access',
      iss: 'https://api.test.local',
      client_id: 'diatonic-web',
      aud: 'diatonic-web',
      'cognito:groups': ['platform_admin'],
      iat: now,
      exp: now + 900,
    });
    expect(decoded.claims.jti).toEqual(expect.any(String));
    expect(accessTokenExpiresAtMs).toBe((now + 900) * 1000);
    await expect(verifyBuiltInAccessToken(deps, accessToken)).resolves.toEqual({
      provider: 'builtin',
      sub: user.id,
      email: 'ada@example.com',
      groups: ['platform_admin'],
      issuedAtMs: now * 1000,
    });
  });

  it('refuses expired tokens after the leeway, but not within it', async () => {
    const deps = createTestDeps();
    const { accessToken } = await issueAccessToken(deps, user);
    deps.clock.advance(900_000 + 29_000);
    await expect(verifyBuiltInAccessToken(deps, accessToken)).resolves.toMatchObject({ sub: user.id });
    deps.clock.advance(2_000);
    expect(await rejection(verifyBuiltInAccessToken(deps, accessToken))).toMatchObject({
      code: 'unauthenticated',
      details: { reason: 'expired' },
    });
  });

  it('refuses tampered claims, foreign keys, alg none and tokens for another issuer', async () => {
    const deps = createTestDeps();
    const { accessToken } = await issueAccessToken(deps, user);
    const [header, , signature] = accessToken.split('.');
    const forgedClaims = Buffer.from(
      JSON.stringify({ ...decodeJwt(accessToken)!.claims, sub: 'usr_someone_else' }),
    ).toString('base64url');
    expect((await rejection(verifyBuiltInAccessToken(deps, `${header}.${forgedClaims}.${signature}`))).details).toEqual(
      { reason: 'signature' },
    );

    const { kid } = await getActiveSigningKey(deps);
    const foreign = generateKeyPair({ type: 'ec', namedCurve: 'P-256' }).privateKey;
    const claims = decodeJwt(accessToken)!.claims;
    expect(
      (await rejection(verifyBuiltInAccessToken(deps, signJwt({ alg: 'ES256', kid }, claims, foreign)))).details,
    ).toEqual({ reason: 'signature' });

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url')}.${accessToken.split('.')[1]}.`;
    expect((await rejection(verifyBuiltInAccessToken(deps, none))).code).toBe('unauthenticated');

    const other = createTestDeps({ store: deps.store, clock: deps.clock, issuer: 'https://evil.example' });
    const { accessToken: otherIssuer } = await issueAccessToken(other, user);
    expect((await rejection(verifyBuiltInAccessToken(deps, otherIssuer))).details).toEqual({ reason: 'claims' });
    expect((await rejection(verifyBuiltInAccessToken(deps, 'not.a.jwt'))).details).toEqual({ reason: 'malformed' });
  });

  it('shares keys through the store, so another process (or a restart) verifies the same tokens', async () => {
    const first = createTestDeps();
    const { accessToken } = await issueAccessToken(first, user);
    const restarted = createTestDeps({ store: first.store, clock: first.clock });
    await expect(verifyBuiltInAccessToken(restarted, accessToken)).resolves.toMatchObject({ sub: user.id });
    const { kid } = await getActiveSigningKey(restarted);
    expect(kid).toBe(decodeJwt(accessToken)!.header.kid);
  });

  it('creates exactly one first key when processes race on an empty store', async () => {
    const a = createTestDeps();
    const b = createTestDeps({ store: a.store, clock: a.clock });
    const [ka, kb] = await Promise.all([getActiveSigningKey(a), getActiveSigningKey(b)]);
    expect(ka.kid).toBe(kb.kid);
    expect((await getJwks(a)).keys).toHaveLength(1);
  });

  it('rotates: new tokens use the new key, old tokens verify until they expire, then the old key leaves the JWKS', async () => {
    const deps = createTestDeps();
    const other = createTestDeps({ store: deps.store, clock: deps.clock });
    const { accessToken: before } = await issueAccessToken(deps, user);
    const oldKid = decodeJwt(before)!.header.kid;
    const { kid: newKid, retiredKid } = await rotateSigningKey(deps);
    expect(retiredKid).toBe(oldKid);
    const { accessToken: after } = await issueAccessToken(deps, user);
    expect(decodeJwt(after)!.header.kid).toBe(newKid);

    // The other process learns the new kid on first sight.
    await expect(verifyBuiltInAccessToken(other, after)).resolves.toMatchObject({ sub: user.id });
    await expect(verifyBuiltInAccessToken(other, before)).resolves.toMatchObject({ sub: user.id });
    const jwks = await getJwks(deps);
    expect(jwks.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    expect(jwks.keys[0]).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: newKid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);

    deps.clock.advance(15 * 60_000 + 5 * 60_000 + 1_000);
    expect((await getJwks(deps)).keys.map((k) => k.kid)).toEqual([newKid]);
    expect((await rejection(verifyBuiltInAccessToken(deps, before))).code).toBe('unauthenticated');
  });

  it('stores private keys that node:crypto can load', async () => {
    const deps = createTestDeps();
    await getActiveSigningKey(deps);
    const [record] = deps.keyCache.keys.values();
    expect(() => createPrivateKey({ key: record!.privateJwk, format: 'jwk' })).not.toThrow();
  });
});
