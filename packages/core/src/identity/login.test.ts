import { describe, expect, it } from 'vitest';
import { createTestDeps, rejection, signUpUser, testPassword } from './identity-test-kit.ts';
import { userKey } from './keys.ts';
import { login } from './login.ts';
import { hashPassword } from './password-hash.ts';
import type { UserRecord } from './records.ts';

describe('login', () => {
  it('signs in with the e-mail in any case and returns a session', async () => {
    const deps = createTestDeps();
    const { userId } = await signUpUser(deps, 'Ada@Example.com');
    const result = await login(deps, { email: '  ADA@example.COM ', password: testPassword }, { ip: '203.0.113.5' });
    expect(result.user.id).toBe(userId);
    expect(result.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const deps = createTestDeps();
    await signUpUser(deps, 'ada@example.com');
    const wrong = await rejection(login(deps, { email: 'ada@example.com', password: 'Wrong-password-1' }));
    const unknown = await rejection(login(deps, { email: 'nobody@example.com', password: 'Wrong-password-1' }));
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ code: 'unauthenticated', message: 'E-mail or password is incorrect' });
  });

  it('locks an account after 5 failures, doubling the lock for each further failure up to an hour', async () => {
    const deps = createTestDeps();
    await signUpUser(deps, 'ada@example.com');
    const attempt = (password: string, ip = '198.51.100.1') =>
      login(deps, { email: 'ada@example.com', password }, { ip });
    for (let i = 0; i < 5; i++) expect((await rejection(attempt('Wrong-password-1'))).code).toBe('unauthenticated');
    // Locked: even the right password is refused, from any address, without checking it.
    expect(await rejection(attempt(testPassword, '192.0.2.99'))).toMatchObject({
      code: 'rate_limited',
      details: { retryAfterMs: 60_000 },
    });
    deps.clock.advance(60_000);
    expect((await rejection(attempt('Wrong-password-1'))).code).toBe('unauthenticated');
    expect((await rejection(attempt(testPassword))).details).toEqual({ retryAfterMs: 120_000 });
    let previous = 120_000;
    for (const expected of [240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]) {
      deps.clock.advance(previous);
      previous = expected;
      await rejection(attempt('Wrong-password-1'));
      expect((await rejection(attempt(testPassword))).details).toEqual({ retryAfterMs: expected });
    }
    // Fifteen quiet minutes after the last lock ends, the counter is forgotten.
    deps.clock.advance(3_600_000 + 15 * 60_000 + 1_000);
    await expect(attempt(testPassword)).resolves.toBeDefined();
  });

  it('counts unknown e-mails too, so throttling does not reveal which accounts exist', async () => {
    const deps = createTestDeps();
    for (let i = 0; i < 5; i++)
      await rejection(login(deps, { email: 'ghost@example.com', password: 'Wrong-password-1' }));
    expect((await rejection(login(deps, { email: 'ghost@example.com', password: 'Wrong-password-1' }))).code).toBe(
      'rate_limited',
    );
  });

  it('forgets failures 15 minutes after the last one, and a success clears the account counter', async () => {
    const deps = createTestDeps();
    await signUpUser(deps, 'ada@example.com');
    const attempt = (password: string) => login(deps, { email: 'ada@example.com', password });
    for (let i = 0; i < 4; i++) await rejection(attempt('Wrong-password-1'));
    deps.clock.advance(15 * 60_000 + 1);
    for (let i = 0; i < 4; i++) await rejection(attempt('Wrong-password-1'));
    await attempt(testPassword);
    for (let i = 0; i < 4; i++) await rejection(attempt('Wrong-password-1'));
    await expect(attempt(testPassword)).resolves.toMatchObject({ user: { email: 'ada@example.com' } });
  });

  it('throttles one IP that tries many accounts after 20 failures', async () => {
    const deps = createTestDeps();
    await signUpUser(deps, 'ada@example.com');
    for (let i = 0; i < 20; i++) {
      await rejection(
        login(deps, { email: `user${i}@example.com`, password: 'Wrong-password-1' }, { ip: '198.51.100.7' }),
      );
    }
    const blocked = await rejection(
      login(deps, { email: 'ada@example.com', password: testPassword }, { ip: '198.51.100.7' }),
    );
    expect(blocked).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 60_000 } });
    await expect(
      login(deps, { email: 'ada@example.com', password: testPassword }, { ip: '198.51.100.8' }),
    ).resolves.toBeDefined();
  });

  it('counts concurrent failures exactly', async () => {
    const deps = createTestDeps();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        rejection(login(deps, { email: 'ada@example.com', password: 'Wrong-password-1' })),
      ),
    );
    expect((await rejection(login(deps, { email: 'ada@example.com', password: 'Wrong-password-1' }))).code).toBe(
      'rate_limited',
    );
  });

  it('upgrades a hash made with older parameters on successful sign-in', async () => {
    const deps = createTestDeps();
    const { userId } = await signUpUser(deps, 'ada@example.com');
    const weak = await hashPassword(testPassword, { logN: 10, r: 4, p: 1, keyBytes: 32, saltBytes: 16 });
    await deps.store.update<UserRecord>(userKey(userId), { set: { passwordHash: weak } });
    await login(deps, { email: 'ada@example.com', password: testPassword });
    const stored = await deps.store.get<UserRecord>(userKey(userId));
    expect(stored!.data.passwordHash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
    await expect(login(deps, { email: 'ada@example.com', password: testPassword })).resolves.toBeDefined();
  });

  it('rejects a missing password as invalid input', async () => {
    const deps = createTestDeps();
    expect((await rejection(login(deps, { email: 'a@b.co' } as never))).code).toBe('invalid_input');
  });
});
