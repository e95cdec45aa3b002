import { describe, expect, it } from 'vitest';
import { createTestDeps, rejection, signUpUser } from './identity-test-kit.ts';
import { refreshFamilyKey, refreshTokenKey } from './keys.ts';
import { logout } from './logout.ts';
import type { RefreshFamilyRecord } from './records.ts';
import { refresh } from './refresh.ts';
import { hashToken } from './sessions.ts';

describe('refresh tokens', () => {
  it('stores only the hash and rotates on every refresh', async () => {
    const deps = createTestDeps();
    const { tokens } = await signUpUser(deps, 'ada@example.com');
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await deps.store.get(refreshTokenKey(hashToken(tokens.refreshToken)));
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(tokens.refreshToken);
    expect(stored!.expiresAt).toBe(Math.ceil(deps.clock.nowMs() / 1000) + 30 * 24 * 3600);

    const next = await refresh(deps, { refreshToken: tokens.refreshToken });
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(next.accessToken).toEqual(expect.any(String));
    const again = await refresh(deps, { refreshToken: next.refreshToken });
    expect(again.refreshToken).not.toBe(next.refreshToken);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const deps = createTestDeps();
    const { tokens, userId } = await signUpUser(deps, 'ada@example.com');
    const second = await refresh(deps, { refreshToken: tokens.refreshToken });
    // The thief replays the first token: refused, and the legitimate holder's newer token dies too.
    expect(await rejection(refresh(deps, { refreshToken: tokens.refreshToken }))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await rejection(refresh(deps, { refreshToken: second.refreshToken }))).toMatchObject({
      code: 'unauthenticated',
    });
    const stored = await deps.store.get<{ familyId: string }>(refreshTokenKey(hashToken(second.refreshToken)));
    const family = await deps.store.get<RefreshFamilyRecord>(refreshFamilyKey(userId, stored!.data.familyId));
    expect(family!.data.revokedReason).toBe('reuse');
  });

  it('lets only one of two concurrent refreshes with the same token win, and revokes the family', async () => {
    const deps = createTestDeps();
    const { tokens } = await signUpUser(deps, 'ada@example.com');
    const results = await Promise.allSettled([
      refresh(deps, { refreshToken: tokens.refreshToken }),
      refresh(deps, { refreshToken: tokens.refreshToken }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value;
    expect((await rejection(refresh(deps, { refreshToken: winner.refreshToken }))).code).toBe('unauthenticated');
  });

  it('keeps other sessions alive when one family is revoked', async () => {
    const deps = createTestDeps();
    const { tokens } = await signUpUser(deps, 'ada@example.com');
    const { login } = await import('./login.ts');
    const other = await login(deps, { email: 'ada@example.com', password: 'Correct-horse-42' });
    await logout(deps, { refreshToken: tokens.refreshToken });
    expect((await rejection(refresh(deps, { refreshToken: tokens.refreshToken }))).code).toBe('unauthenticated');
    await expect(refresh(deps, { refreshToken: other.tokens.refreshToken })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('expires refresh tokens after their TTL and ignores garbage', async () => {
    const deps = createTestDeps();
    const { tokens } = await signUpUser(deps, 'ada@example.com');
    deps.clock.advance(30 * 24 * 3600 * 1000 + 1000);
    expect((await rejection(refresh(deps, { refreshToken: tokens.refreshToken }))).code).toBe('unauthenticated');
    expect((await rejection(refresh(deps, { refreshToken: 'x'.repeat(5000) }))).code).toBe('unauthenticated');
    await expect(logout(deps, { refreshToken: 'nonsense' })).resolves.toBeUndefined();
  });
});
