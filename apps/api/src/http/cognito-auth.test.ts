/**
 * AUTH=cognito end to end: locally generated keys, the pool's JWKS served by a real HTTP server on
 * loopback (COGNITO_JWKS_URL), tokens signed here, and requests through the app.
 */
import { type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair } from '@diatonic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import type { Json } from '../../test/identity-client.ts';
import { type Call, caller, expectJson } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

const region = 'eu-west-1';
const userPoolId = 'eu-west-1_TestPool1';
const clientId = 'abc123client';
const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

const rsa = generateKeyPair({ type: 'rsa', modulusLength: 2048 });
const otherRsa = generateKeyPair({ type: 'rsa', modulusLength: 2048 });
const ec = generateKeyPair({ type: 'ec', namedCurve: 'P-256' });
const kid = 'test-key-1';

let server: Server;
let jwksRequests = 0;
let platform: TempPlatform;
let call: Call;

function jwt(claims: Record<string, unknown>, options: { key?: KeyObject; kid?: string; alg?: string } = {}) {
  const alg = options.alg ?? 'RS256';
  const header = Buffer.from(JSON.stringify({ alg, kid: options.kid ?? kid, typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const data = `${header}.${payload}`;
  const key = options.key ?? rsa.privateKey;
  const signature =
    alg === 'ES256'
      ? sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(data), key);
  return `${data}.${signature.toString('base64url')}`;
}

function accessClaims(sub: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub,
    iss: issuer,
    client_id: clientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    'cognito:groups': ['platform_admin'],
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

beforeAll(async () => {
  const jwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    jwksRequests++;
    if (req.url !== '/pool/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  platform = await startTempPlatform({
    env: {
      AUTH: 'cognito',
      COGNITO_REGION: region,
      COGNITO_USER_POOL_ID: userPoolId,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_JWKS_URL: `http://127.0.0.1:${port}/pool/.well-known/jwks.json`,
    },
  });
  call = caller(platform);
});
afterAll(async () => {
  await platform?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('AUTH=cognito', () => {
  it('tells the web app it is in Cognito mode, without a hosted UI when COGNITO_DOMAIN is unset', async () => {
    expect(await expectJson<Json>(await call('GET', '/api/auth/config'), 200)).toEqual({
      mode: 'cognito',
      hostedUi: null,
    });
  });

  it('accepts a valid access token and maps its subject to a user created on first sight', async () => {
    const token = jwt(accessClaims('cognito-sub-1'));
    const first = await expectJson<Json>(await call('GET', '/api/auth/me', { token }), 200);
    expect(first.user.id).toMatch(/^usr_/);
    expect(first.user.platformRole).toBeUndefined(); // cognito:groups grants nothing
    expect(first.activeOrganization).toMatchObject({ role: 'owner', plan: 'free' });
    const again = await expectJson<Json>(
      await call('GET', '/api/auth/me', { token: jwt(accessClaims('cognito-sub-1')) }),
      200,
    );
    expect(again.user.id).toBe(first.user.id);
    expect(jwksRequests).toBeGreaterThanOrEqual(1);
    const org = await expectJson<{ id: string }>(
      await call('POST', '/api/orgs', { token, body: { name: 'Pool Org' } }),
      201,
    );
    await expectJson(await call('GET', `/api/orgs/${org.id}`, { token, orgId: org.id }), 200);
  });

  it('takes the e-mail only from a verified id token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const idToken = jwt({
      sub: 'cognito-sub-2',
      iss: issuer,
      aud: clientId,
      token_use: 'id',
      email: 'pool.user@example.com',
      email_verified: true,
      iat: now,
      exp: now + 3600,
    });
    const me = await expectJson<Json>(await call('GET', '/api/auth/me', { token: idToken }), 200);
    expect(me.user.email).toBe('pool.user@example.com');
  });

  it.each([
    [
      'a wrong issuer',
      () => jwt(accessClaims('s', { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })),
    ],
    ['a wrong client id', () => jwt(accessClaims('s', { client_id: 'someoneelse' }))],
    ['a wrong token_use', () => jwt(accessClaims('s', { token_use: 'refresh' }))],
    ['an expired token', () => jwt(accessClaims('s', { iat: 1_000, exp: 2_000 }))],
    ['a bad signature', () => jwt(accessClaims('s'), { key: otherRsa.privateKey })],
    ['an unknown kid', () => jwt(accessClaims('s'), { kid: 'rotated-away' })],
    ['an EC-signed token', () => jwt(accessClaims('s'), { key: ec.privateKey, alg: 'ES256' })],
    ['an unsigned token', () => `${jwt(accessClaims('s')).split('.').slice(0, 2).join('.')}.`],
  ])('refuses %s with 401', async (_label, token) => {
    const res = await call('GET', '/api/auth/me', { token: token() });
    await expectError(res, 401, 'unauthenticated');
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers 404 on the password routes and has no JWKS of its own', async () => {
    const token = jwt(accessClaims('cognito-sub-1'));
    for (const path of ['/api/auth/signup', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout']) {
      await expectError(
        await call('POST', path, {
          body: { email: 'a@example.com', password: 'Correct-horse-42', name: 'A', refreshToken: 'x' },
        }),
        404,
        'not_found',
      );
    }
    await expectError(
      await call('POST', '/api/me/password', { token, body: { currentPassword: 'a', newPassword: 'b' } }),
      404,
      'not_found',
    );
    expect((await call('GET', '/.well-known/jwks.json')).status).toBe(404);
  });

  it('lets a Cognito user (no password) delete their account', async () => {
    const token = jwt(accessClaims('cognito-sub-3'));
    await expectJson(await call('GET', '/api/auth/me', { token }), 200);
    expect((await call('DELETE', '/api/me', { token, body: {} })).status).toBe(204);
  });
});
