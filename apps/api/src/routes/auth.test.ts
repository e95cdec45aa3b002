import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import type { Json } from '../../test/identity-client.ts';
import { type Call, caller, expectJson, signUp, strongPassword } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { TRUST_PROXY: 'true' } });
  call = caller(platform);
});
afterAll(async () => {
  await platform.close();
});

function claimsOf(jwt: string) {
  const [header, payload] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
  };
}

const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });

describe('POST /api/auth/signup', () => {
  it('creates the user with a personal organisation and returns Cognito-compatible tokens', async () => {
    const res = await call('POST', '/api/auth/signup', {
      body: { email: 'Ada@Example.com', password: strongPassword, name: 'Ada Lovelace' },
    });
    const body = await expectJson<Json>(res, 201);
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: 'Ada@Example.com', name: 'Ada Lovelace' },
    });
    expect(body.user.platformRole).toBeUndefined();
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { header, claims } = claimsOf(body.accessToken);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(claims).toMatchObject({
      sub: body.user.id,
      email: 'Ada@Example.com',
      token_use: 'access',
      iss: 'diatonic-local',
      client_id: 'diatonic-web',
      aud: 'diatonic-web',
      'cognito:groups': [],
    });
    expect(claims.exp - claims.iat).toBe(900);
    const jwks = await expectJson<{ keys: { kid: string }[] }>(await call('GET', '/.well-known/jwks.json'), 200);
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    const me = await expectJson<Json>(await call('GET', '/api/auth/me', { token: body.accessToken }), 200);
    expect(me.activeOrganization).toMatchObject({ id: body.user.personalOrganizationId, role: 'owner', plan: 'free' });
  });

  it('refuses a weak password, a taken address and a malformed body', async () => {
    const weak = await call('POST', '/api/auth/signup', {
      body: { email: 'weak@example.com', password: 'password', name: 'W' },
    });
    expect((await expectError(weak, 400, 'invalid_input')).error.details).toMatchObject({ field: 'password' });
    await signUp(call, 'taken@example.com');
    const taken = await call('POST', '/api/auth/signup', {
      body: { email: 'TAKEN@example.com', password: strongPassword, name: 'T' },
    });
    await expectError(taken, 409, 'conflict');
    const missing = await call('POST', '/api/auth/signup', { body: { email: 'x@example.com' } });
    expect((await expectError(missing, 400, 'invalid_input')).error.details).toMatchObject({ location: 'body' });
    await expectError(
      await call('POST', '/api/auth/signup', { body: { email: 'bad', password: strongPassword, name: 'B' } }),
      400,
      'invalid_input',
    );
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password, case-insensitively by e-mail', async () => {
    const user = await signUp(call, 'grace@example.com');
    const body = await expectJson<Json>(
      await call('POST', '/api/auth/login', { body: { email: 'GRACE@example.com', password: strongPassword } }),
      200,
    );
    expect(body.user.id).toBe(user.userId);
    expect(claimsOf(body.accessToken).claims.sub).toBe(user.userId);
  });

  it('gives unknown e-mail and wrong password the same answer', async () => {
    await signUp(call, 'alan@example.com');
    const wrong = await expectError(
      await call('POST', '/api/auth/login', {
        body: { email: 'alan@example.com', password: 'Wrong-pass-99' },
        headers: fromIp('10.0.0.2'),
      }),
      401,
      'unauthenticated',
    );
    const unknown = await expectError(
      await call('POST', '/api/auth/login', {
        body: { email: 'nobody@example.com', password: 'Wrong-pass-99' },
        headers: fromIp('10.0.0.2'),
      }),
      401,
      'unauthenticated',
    );
    expect(wrong.error.message).toBe(unknown.error.message);
  });

  it('locks an account after repeated failures: 429 with Retry-After, even with the right password', async () => {
    await signUp(call, 'locked@example.com');
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/api/auth/login', {
        body: { email: 'locked@example.com', password: `Wrong-pass-${i}x` },
        headers: fromIp(`10.1.0.${i}`),
      });
      await expectError(res, 401, 'unauthenticated');
    }
    const res = await call('POST', '/api/auth/login', {
      body: { email: 'locked@example.com', password: strongPassword },
      headers: fromIp('10.1.1.1'),
    });
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('throttles per client IP across accounts', async () => {
    const ip = fromIp('192.0.2.77');
    for (let i = 0; i < 20; i++) {
      const res = await call('POST', '/api/auth/login', {
        body: { email: `probe${i}@example.com`, password: 'Wrong-pass-1x' },
        headers: ip,
      });
      await expectError(res, 401, 'unauthenticated');
    }
    const blocked = await call('POST', '/api/auth/login', {
      body: { email: 'fresh@example.com', password: 'Wrong-pass-1x' },
      headers: ip,
    });
    await expectError(blocked, 429, 'rate_limited');
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another IP is not affected.
    const other = await call('POST', '/api/auth/login', {
      body: { email: 'fresh@example.com', password: 'Wrong-pass-1x' },
      headers: fromIp('192.0.2.78'),
    });
    await expectError(other, 401, 'unauthenticated');
  });
});

describe('POST /api/auth/refresh and /api/auth/logout', () => {
  it('rotates the refresh token; presenting a spent one revokes the whole family', async () => {
    const user = await signUp(call, 'rotate@example.com');
    const first = await expectJson<Json>(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }),
      200,
    );
    expect(first.refreshToken).not.toBe(user.refreshToken);
    expect(first.user).toMatchObject({ id: user.userId, email: 'rotate@example.com' });
    await expectJson(await call('GET', '/api/auth/me', { token: first.accessToken }), 200);

    // The spent token again: refused, and the token issued in its place dies with the family.
    await expectError(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }),
      401,
      'unauthenticated',
    );
    await expectError(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } }),
      401,
      'unauthenticated',
    );

    // Another session (login) is a different family and keeps working.
    const other = await expectJson<Json>(
      await call('POST', '/api/auth/login', { body: { email: 'rotate@example.com', password: strongPassword } }),
      200,
    );
    await expectJson(await call('POST', '/api/auth/refresh', { body: { refreshToken: other.refreshToken } }), 200);
  });

  it('logout ends the session; it is idempotent and ignores unknown tokens', async () => {
    const user = await signUp(call, 'bye@example.com');
    const res = await call('POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await call('POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    expect((await call('POST', '/api/auth/logout', { body: { refreshToken: 'not-a-token' } })).status).toBe(204);
    await expectError(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } }),
      401,
      'unauthenticated',
    );
    await expectError(await call('POST', '/api/auth/refresh', { body: {} }), 400, 'invalid_input');
    await expectError(await call('POST', '/api/auth/logout', { body: { refresh: 1 } }), 400, 'invalid_input');
  });
});

describe('bearer authentication', () => {
  it('answers 401 with WWW-Authenticate for a missing, malformed or forged token', async () => {
    const missing = await call('GET', '/api/auth/me');
    await expectError(missing, 401, 'unauthenticated');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="diatonic"');

    const user = await signUp(call, 'forger@example.com');
    const [h, p] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'usr_01HZZZZZZZZZZZZZZZZZZZZZZZ' })).toString('base64url')}.${user.accessToken.split('.')[2]}`;
    for (const header of [`Bearer ${forged}`, 'Bearer not.a.jwt', `Basic ${user.accessToken}`, 'Bearer']) {
      const res = await call('GET', '/api/auth/me', { headers: { authorization: header } });
      await expectError(res, 401, 'unauthenticated');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="diatonic", error="invalid_token"$/);
    }
  });

  it('lets public routes ignore a bad token', async () => {
    const res = await call('POST', '/api/auth/login', {
      body: { email: 'nobody-here@example.com', password: 'Wrong-pass-1x' },
      headers: { authorization: 'Bearer junk', ...fromIp('10.9.9.9') },
    });
    await expectError(res, 401, 'unauthenticated');
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect((await call('GET', '/api/health', { headers: { authorization: 'Bearer junk' } })).status).toBe(200);
  });
});
