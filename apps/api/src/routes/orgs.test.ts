import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import type { Json } from '../../test/identity-client.ts';
import {
  type Call,
  caller,
  expectJson,
  join,
  type SignedUp,
  signInFirstPlatformAdmin,
  signUp,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
let owner: SignedUp;
let admin: SignedUp;
let member: SignedUp;
let outsider: SignedUp;
let orgId: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'owner@example.com');
  admin = await signUp(call, 'admin@example.com');
  member = await signUp(call, 'member@example.com');
  outsider = await signUp(call, 'outsider@example.com');
  const org = await expectJson<{ id: string }>(
    await call('POST', '/api/orgs', { token: owner.accessToken, body: { name: 'Acme Music' } }),
    201,
  );
  orgId = org.id;
  await join(call, owner, orgId, admin, 'admin');
  await join(call, owner, orgId, member, 'member');
});
afterAll(async () => {
  await platform.close();
});

describe('organisations', () => {
  it('creates, lists, reads and renames', async () => {
    const created = await expectJson<Json>(
      await call('POST', '/api/orgs', {
        token: outsider.accessToken,
        body: { name: '  Side Project  ', plan: 'enterprise' },
      }),
      201,
    );
    expect(created).toMatchObject({
      name: 'Side Project',
      plan: 'free',
      personal: false,
      memberCount: 1,
      myRole: 'owner',
    });
    const list = await expectJson<Json>(await call('GET', '/api/orgs', { token: outsider.accessToken }), 200);
    expect(list.nextCursor).toBeNull();
    expect(list.items.map((o: Json) => [o.id, o.myRole])).toEqual(
      expect.arrayContaining([
        [created.id, 'owner'],
        [outsider.personalOrgId, 'owner'],
      ]),
    );
    const read = await expectJson<Json>(await call('GET', `/api/orgs/${orgId}`, { token: member.accessToken }), 200);
    expect(read).toMatchObject({ id: orgId, name: 'Acme Music', memberCount: 3, myRole: 'member' });
    const renamed = await expectJson<Json>(
      await call('PATCH', `/api/orgs/${created.id}`, { token: outsider.accessToken, body: { name: 'Main Project' } }),
      200,
    );
    expect(renamed.name).toBe('Main Project');
  });

  it('refuses bad names, members without org:update, and non-members as not found', async () => {
    await expectError(
      await call('POST', '/api/orgs', { token: owner.accessToken, body: { name: '' } }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('POST', '/api/orgs', { token: owner.accessToken, body: { name: '   ' } }),
      400,
      'invalid_input',
    );
    await expectError(await call('POST', '/api/orgs', { body: { name: 'Anon' } }), 401, 'unauthenticated');
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}`, { token: member.accessToken, body: { name: 'Mine' } }),
      403,
      'forbidden',
    );
    await expectError(await call('GET', `/api/orgs/${orgId}`, { token: outsider.accessToken }), 404, 'not_found');
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}`, { token: outsider.accessToken, body: { name: 'X' } }),
      404,
      'not_found',
    );
    await expectError(await call('GET', '/api/orgs/not-an-id', { token: owner.accessToken }), 404, 'not_found');
  });

  it('checks X-Organization-Id against memberships: not a member → 403', async () => {
    await expectError(await call('GET', '/api/orgs', { token: outsider.accessToken, orgId }), 403, 'forbidden');
    await expectError(
      await call('GET', '/api/auth/me', { token: outsider.accessToken, orgId: 'org_bogus' }),
      403,
      'forbidden',
    );
    const me = await expectJson<Json>(await call('GET', '/api/auth/me', { token: member.accessToken, orgId }), 200);
    expect(me.activeOrganization).toMatchObject({ id: orgId, name: 'Acme Music', role: 'member', plan: 'free' });
    expect(me.permissions).toContain('org:read');
    expect(me.permissions).not.toContain('org:update');
  });
});

describe('members', () => {
  it('lists members with paging', async () => {
    const page = await expectJson<Json>(
      await call('GET', `/api/orgs/${orgId}/members?limit=2`, { token: member.accessToken }),
      200,
    );
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = await expectJson<Json>(
      await call('GET', `/api/orgs/${orgId}/members?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`, {
        token: member.accessToken,
      }),
      200,
    );
    const all = [...page.items, ...rest.items];
    expect(all.map((m: Json) => m.email).sort()).toEqual([
      'admin@example.com',
      'member@example.com',
      'owner@example.com',
    ]);
    expect(all.find((m: Json) => m.userId === owner.userId)).toMatchObject({ role: 'owner', name: 'owner' });
    await expectError(
      await call('GET', `/api/orgs/${orgId}/members?limit=0`, { token: member.accessToken }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('GET', `/api/orgs/${orgId}/members`, { token: outsider.accessToken }),
      404,
      'not_found',
    );
  });

  it('changes roles within the rules', async () => {
    const changed = await expectJson<Json>(
      await call('PATCH', `/api/orgs/${orgId}/members/${member.userId}`, {
        token: admin.accessToken,
        body: { role: 'instructor' },
      }),
      200,
    );
    expect(changed).toMatchObject({ userId: member.userId, role: 'instructor' });
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}/members/${owner.userId}`, {
        token: admin.accessToken,
        body: { role: 'member' },
      }),
      403,
      'forbidden',
    );
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}/members/${admin.userId}`, {
        token: member.accessToken,
        body: { role: 'owner' },
      }),
      403,
      'forbidden',
    );
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}/members/${member.userId}`, {
        token: admin.accessToken,
        body: { role: 'emperor' },
      }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}/members/${outsider.userId}`, {
        token: admin.accessToken,
        body: { role: 'member' },
      }),
      404,
      'not_found',
    );
    await expectJson(
      await call('PATCH', `/api/orgs/${orgId}/members/${member.userId}`, {
        token: admin.accessToken,
        body: { role: 'member' },
      }),
      200,
    );
  });

  it('a removed member loses access at their next request, with a still-valid token', async () => {
    const temp = await signUp(call, 'temp@example.com');
    await join(call, owner, orgId, temp, 'member');
    await expectJson(await call('GET', `/api/orgs/${orgId}`, { token: temp.accessToken, orgId }), 200);
    const removed = await call('DELETE', `/api/orgs/${orgId}/members/${temp.userId}`, { token: admin.accessToken });
    expect(removed.status).toBe(204);
    await expectError(await call('GET', `/api/orgs/${orgId}`, { token: temp.accessToken }), 404, 'not_found');
    await expectError(await call('GET', `/api/orgs/${orgId}/members`, { token: temp.accessToken }), 404, 'not_found');
    await expectError(await call('GET', '/api/auth/me', { token: temp.accessToken, orgId }), 403, 'forbidden');
    // The token itself is still fine elsewhere.
    await expectJson(await call('GET', '/api/auth/me', { token: temp.accessToken }), 200);
  });

  it('lets a member leave, but never the last owner', async () => {
    const leaver = await signUp(call, 'leaver@example.com');
    await join(call, owner, orgId, leaver, 'member');
    expect(
      (await call('DELETE', `/api/orgs/${orgId}/members/${leaver.userId}`, { token: leaver.accessToken })).status,
    ).toBe(204);
    await expectError(await call('GET', `/api/orgs/${orgId}`, { token: leaver.accessToken }), 404, 'not_found');
    await expectError(
      await call('DELETE', `/api/orgs/${outsider.personalOrgId}/members/${outsider.userId}`, {
        token: outsider.accessToken,
      }),
      409,
      'conflict',
    );
    await expectError(
      await call('DELETE', `/api/orgs/${orgId}/members/${owner.userId}`, { token: admin.accessToken }),
      403,
      'forbidden',
    );
    await expectError(
      await call('DELETE', `/api/orgs/${orgId}/members/${admin.userId}`, { token: member.accessToken }),
      403,
      'forbidden',
    );
  });

  it('transfers ownership (owners only); the previous owner becomes admin', async () => {
    const org = await expectJson<{ id: string }>(
      await call('POST', '/api/orgs', { token: owner.accessToken, body: { name: 'Handover' } }),
      201,
    );
    await join(call, owner, org.id, member, 'member');
    await expectError(
      await call('POST', `/api/orgs/${org.id}/transfer-ownership`, {
        token: member.accessToken,
        body: { userId: member.userId },
      }),
      403,
      'forbidden',
    );
    await expectError(
      await call('POST', `/api/orgs/${org.id}/transfer-ownership`, {
        token: owner.accessToken,
        body: { userId: outsider.userId },
      }),
      404,
      'not_found',
    );
    await expectError(
      await call('POST', `/api/orgs/${org.id}/transfer-ownership`, { token: owner.accessToken, body: {} }),
      400,
      'invalid_input',
    );
    const result = await expectJson<Json>(
      await call('POST', `/api/orgs/${org.id}/transfer-ownership`, {
        token: owner.accessToken,
        body: { userId: member.userId },
      }),
      200,
    );
    expect(result).toEqual({ organizationId: org.id, ownerId: member.userId, previousOwnerRole: 'admin' });
    const me = await expectJson<Json>(await call('GET', `/api/orgs/${org.id}`, { token: owner.accessToken }), 200);
    expect(me.myRole).toBe('admin');
  });
});

describe('invitations', () => {
  it('creates (token once, accept path), lists, accepts once', async () => {
    const guest = await signUp(call, 'guest@example.com');
    const created = await expectJson<Json>(
      await call('POST', `/api/orgs/${orgId}/invitations`, {
        token: admin.accessToken,
        body: { email: 'Guest@example.com', role: 'moderator' },
      }),
      201,
    );
    expect(created.invitation).toMatchObject({
      email: 'Guest@example.com',
      role: 'moderator',
      status: 'pending',
      organizationId: orgId,
    });
    expect(Date.parse(created.invitation.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(created.acceptPath).toBe(`/invitations/accept?token=${created.token}`);
    const list = await expectJson<Json>(
      await call('GET', `/api/orgs/${orgId}/invitations`, { token: owner.accessToken }),
      200,
    );
    expect(list.items.map((i: Json) => i.id)).toContain(created.invitation.id);
    expect(JSON.stringify(list)).not.toContain(created.token);

    await expectError(
      await call('POST', '/api/invitations/accept', { token: outsider.accessToken, body: { token: created.token } }),
      403,
      'forbidden',
    );
    const accepted = await expectJson(
      await call('POST', '/api/invitations/accept', { token: guest.accessToken, body: { token: created.token } }),
      200,
    );
    expect(accepted).toEqual({ organizationId: orgId, role: 'moderator' });
    await expectError(
      await call('POST', '/api/invitations/accept', { token: guest.accessToken, body: { token: created.token } }),
      404,
      'not_found',
    );
    await expectError(
      await call('POST', '/api/invitations/accept', { body: { token: created.token } }),
      401,
      'unauthenticated',
    );
  });

  it('revokes, and refuses members without member:invite and foreign organisations', async () => {
    const created = await expectJson<Json>(
      await call('POST', `/api/orgs/${orgId}/invitations`, {
        token: owner.accessToken,
        body: { email: 'later@example.com', role: 'member' },
      }),
      201,
    );
    const path = `/api/orgs/${orgId}/invitations/${created.invitation.id}`;
    await expectError(await call('DELETE', path, { token: member.accessToken }), 403, 'forbidden');
    await expectError(await call('DELETE', path, { token: outsider.accessToken }), 404, 'not_found');
    expect((await call('DELETE', path, { token: admin.accessToken })).status).toBe(204);
    await expectError(await call('DELETE', path, { token: admin.accessToken }), 409, 'conflict');
    await expectError(
      await call('DELETE', `/api/orgs/${orgId}/invitations/inv_nothing`, { token: admin.accessToken }),
      404,
      'not_found',
    );
    const later = await signUp(call, 'later@example.com');
    await expectError(
      await call('POST', '/api/invitations/accept', { token: later.accessToken, body: { token: created.token } }),
      404,
      'not_found',
    );

    await expectError(
      await call('POST', `/api/orgs/${orgId}/invitations`, {
        token: member.accessToken,
        body: { email: 'x@example.com', role: 'member' },
      }),
      403,
      'forbidden',
    );
    await expectError(
      await call('POST', `/api/orgs/${orgId}/invitations`, {
        token: admin.accessToken,
        body: { email: 'x@example.com', role: 'owner' },
      }),
      403,
      'forbidden',
    );
    await expectError(
      await call('POST', `/api/orgs/${orgId}/invitations`, {
        token: admin.accessToken,
        body: { email: 'member@example.com', role: 'member' },
      }),
      409,
      'conflict',
    );
    await expectError(
      await call('POST', `/api/orgs/${orgId}/invitations`, {
        token: admin.accessToken,
        body: { email: 'not-an-email', role: 'member' },
      }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('GET', `/api/orgs/${orgId}/invitations`, { token: member.accessToken }),
      403,
      'forbidden',
    );
    await expectError(
      await call('GET', `/api/orgs/${orgId}/invitations`, { token: outsider.accessToken }),
      404,
      'not_found',
    );
  });
});

describe('PUT /api/admin/organizations/{orgId}/plan', () => {
  it('lets only a platform admin set a plan', async () => {
    const login = await signInFirstPlatformAdmin(platform, 'root@example.com');
    expect(login.user.platformRole).toBe('platform_admin');
    const path = `/api/admin/organizations/${orgId}/plan`;
    await expectError(await call('PUT', path, { token: owner.accessToken, body: { plan: 'pro' } }), 403, 'forbidden');
    await expectError(await call('PUT', path, { body: { plan: 'pro' } }), 401, 'unauthenticated');
    const updated = await expectJson<Json>(
      await call('PUT', path, { token: login.accessToken, body: { plan: 'pro' } }),
      200,
    );
    expect(updated).toMatchObject({ id: orgId, plan: 'pro' });
    expect(updated.myRole).toBeUndefined();
    const seen = await expectJson<Json>(await call('GET', `/api/orgs/${orgId}`, { token: member.accessToken }), 200);
    expect(seen.plan).toBe('pro');
    await expectError(
      await call('PUT', path, { token: login.accessToken, body: { plan: 'platinum' } }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('PUT', '/api/admin/organizations/org_01HZZZZZZZZZZZZZZZZZZZZZZZ/plan', {
        token: login.accessToken,
        body: { plan: 'pro' },
      }),
      404,
      'not_found',
    );
  });
});
