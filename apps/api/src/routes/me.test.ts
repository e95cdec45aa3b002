import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import type { Json } from '../../test/identity-client.ts';
import { type Call, caller, expectJson, join, signUp, strongPassword } from '../../test/identity-client.ts';
import { manualClock, startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
const clock = manualClock(Date.now());

beforeAll(async () => {
  platform = await startTempPlatform({ clock });
  call = caller(platform);
});
afterAll(async () => {
  await platform.close();
});

describe('GET /api/auth/me', () => {
  it('returns the user, every membership, the active organisation and its permissions', async () => {
    const ada = await signUp(call, 'ada@example.com', 'Ada');
    const me = await expectJson<Json>(await call('GET', '/api/auth/me', { token: ada.accessToken }), 200);
    expect(me.user).toMatchObject({ id: ada.userId, email: 'ada@example.com', name: 'Ada' });
    expect(me.memberships).toEqual([
      { organizationId: ada.personalOrgId, name: expect.any(String), role: 'owner', plan: 'free', personal: true },
    ]);
    expect(me.activeOrganization).toMatchObject({ id: ada.personalOrgId, role: 'owner' });
    expect(me.permissions).toEqual(
      expect.arrayContaining(['org:update', 'member:invite', 'audit:read', 'org:transfer_ownership']),
    );
  });
});

describe('PATCH /api/me', () => {
  it('updates the name only', async () => {
    const bob = await signUp(call, 'bob@example.com');
    const user = await expectJson<Json>(
      await call('PATCH', '/api/me', {
        token: bob.accessToken,
        body: { name: 'Robert', email: 'x@evil.com', platformRole: 'platform_admin' },
      }),
      200,
    );
    expect(user).toMatchObject({ id: bob.userId, name: 'Robert', email: 'bob@example.com' });
    expect(user.platformRole).toBeUndefined();
    await expectError(
      await call('PATCH', '/api/me', { token: bob.accessToken, body: { name: '\u0000' } }),
      400,
      'invalid_input',
    );
    await expectError(await call('PATCH', '/api/me', { body: { name: 'Anon' } }), 401, 'unauthenticated');
  });
});

describe('POST /api/me/password', () => {
  it('changes the password, ends other sessions and returns a fresh one', async () => {
    const cat = await signUp(call, 'cat@example.com');
    const other = await expectJson<Json>(
      await call('POST', '/api/auth/login', { body: { email: 'cat@example.com', password: strongPassword } }),
      200,
    );
    await expectError(
      await call('POST', '/api/me/password', {
        token: cat.accessToken,
        body: { currentPassword: 'Wrong-pass-77', newPassword: 'Brand-new-pass-7' },
      }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('POST', '/api/me/password', {
        token: cat.accessToken,
        body: { currentPassword: strongPassword, newPassword: 'short' },
      }),
      400,
      'invalid_input',
    );
    clock.advance(2_000);
    const fresh = await expectJson<Json>(
      await call('POST', '/api/me/password', {
        token: cat.accessToken,
        body: { currentPassword: strongPassword, newPassword: 'Brand-new-pass-7' },
      }),
      200,
    );
    expect(fresh).toMatchObject({ tokenType: 'Bearer', user: { id: cat.userId } });
    await expectJson(await call('GET', '/api/auth/me', { token: fresh.accessToken }), 200);
    // Access tokens issued before the change and every other refresh token are dead.
    await expectError(await call('GET', '/api/auth/me', { token: other.accessToken }), 401, 'unauthenticated');
    await expectError(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: other.refreshToken } }),
      401,
      'unauthenticated',
    );
    await expectError(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: cat.refreshToken } }),
      401,
      'unauthenticated',
    );
    await expectJson(await call('POST', '/api/auth/refresh', { body: { refreshToken: fresh.refreshToken } }), 200);
    await expectJson(
      await call('POST', '/api/auth/login', { body: { email: 'cat@example.com', password: 'Brand-new-pass-7' } }),
      200,
    );
  });
});

describe('GET /api/me/export', () => {
  it('returns the user, memberships and the audit entries they made', async () => {
    const dan = await signUp(call, 'dan@example.com');
    await call('PATCH', '/api/me', { token: dan.accessToken, body: { name: 'Daniel' } });
    const doc = await expectJson<Json>(await call('GET', '/api/me/export', { token: dan.accessToken }), 200);
    expect(doc.user).toMatchObject({ id: dan.userId, name: 'Daniel' });
    expect(doc.memberships).toEqual([expect.objectContaining({ organizationId: dan.personalOrgId, role: 'owner' })]);
    expect(doc.auditEntries.map((e: Json) => e.action)).toEqual(['auth.signup', 'account.update_profile']);
    expect(Date.parse(doc.exportedAt)).not.toBeNaN();
    await expectError(await call('GET', '/api/me/export'), 401, 'unauthenticated');
  });
});

describe('DELETE /api/me', () => {
  it('requires the password, refuses a sole owner with members, then deletes', async () => {
    const eve = await signUp(call, 'eve@example.com');
    const fay = await signUp(call, 'fay@example.com');
    const org = await expectJson<{ id: string }>(
      await call('POST', '/api/orgs', { token: eve.accessToken, body: { name: 'Eve & Co' } }),
      201,
    );
    await join(call, eve, org.id, fay, 'member');

    await expectError(
      await call('DELETE', '/api/me', { token: eve.accessToken, body: { password: 'Wrong-pass-77' } }),
      400,
      'invalid_input',
    );
    const blocked = await expectError(
      await call('DELETE', '/api/me', { token: eve.accessToken, body: { password: strongPassword } }),
      409,
      'conflict',
    );
    expect(blocked.error.details).toMatchObject({ reason: 'sole_owner', organizationIds: [org.id] });

    expect(
      (await call('DELETE', '/api/me', { token: fay.accessToken, body: { password: strongPassword } })).status,
    ).toBe(204);
    await expectError(await call('GET', '/api/auth/me', { token: fay.accessToken }), 401, 'unauthenticated');
    await expectError(
      await call('POST', '/api/auth/refresh', { body: { refreshToken: fay.refreshToken } }),
      401,
      'unauthenticated',
    );
    await expectError(
      await call('POST', '/api/auth/login', { body: { email: 'fay@example.com', password: strongPassword } }),
      401,
      'unauthenticated',
    );

    // Fay is gone from Eve's organisation, so Eve may now delete her account too.
    const members = await expectJson<Json>(
      await call('GET', `/api/orgs/${org.id}/members`, { token: eve.accessToken }),
      200,
    );
    expect(members.items.map((m: Json) => m.userId)).toEqual([eve.userId]);
    expect(
      (await call('DELETE', '/api/me', { token: eve.accessToken, body: { password: strongPassword } })).status,
    ).toBe(204);
  });
});
