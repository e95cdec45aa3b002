import { describe, expect, it } from 'vitest';
import { changeMemberRole } from './change-member-role.ts';
import { addMember, createTestDeps, rejection, signUpUser } from './identity-test-kit.ts';
import { orgKey } from './keys.ts';
import { leaveOrganization } from './leave-organization.ts';
import type { MembershipRecord, OrganizationRecord } from './records.ts';
import { removeMember } from './remove-member.ts';
import { transferOwnership } from './transfer-ownership.ts';

async function team() {
  const deps = createTestDeps();
  const ada = await signUpUser(deps, 'ada@example.com');
  const bob = await signUpUser(deps, 'bob@example.com');
  const cat = await signUpUser(deps, 'cat@example.com');
  await addMember(deps, ada, bob, 'admin');
  await addMember(deps, ada, cat, 'member');
  const orgId = ada.orgId;
  // Read straight from the store: the counts on the organisation and the roles on the memberships.
  const owners = async () => {
    const org = await deps.store.get<OrganizationRecord>(orgKey(orgId));
    const members = await deps.store.query<MembershipRecord>({ pk: `T#${orgId}`, sk: { beginsWith: 'MEMBER#' } });
    const emails = {
      [ada.userId]: 'ada@example.com',
      [bob.userId]: 'bob@example.com',
      [cat.userId]: 'cat@example.com',
    };
    return {
      count: org!.data.ownerCount,
      memberCount: org!.data.memberCount,
      roles: Object.fromEntries(members.items.map((m) => [emails[m.data.userId], m.data.role])),
    };
  };
  return { deps, ada, bob, cat, orgId, owners };
}

describe('member roles', () => {
  it('changes roles within the caller’s reach only', async () => {
    const { deps, ada, bob, cat, orgId } = await team();
    await expect(
      changeMemberRole(deps, bob.principal, { organizationId: orgId, userId: cat.userId, role: 'moderator' }),
    ).resolves.toMatchObject({ role: 'moderator' });
    expect(
      (
        await rejection(
          changeMemberRole(deps, bob.principal, { organizationId: orgId, userId: cat.userId, role: 'owner' }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await rejection(
          changeMemberRole(deps, bob.principal, { organizationId: orgId, userId: ada.userId, role: 'member' }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await rejection(
          changeMemberRole(deps, cat.principal, { organizationId: orgId, userId: bob.userId, role: 'member' }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await rejection(
          changeMemberRole(deps, ada.principal, {
            organizationId: orgId,
            userId: 'usr_01JGZ0000000000000000000AA',
            role: 'member',
          }),
        )
      ).code,
    ).toBe('not_found');
  });

  it('never demotes the last owner', async () => {
    const { deps, ada, orgId, owners } = await team();
    expect(
      await rejection(
        changeMemberRole(deps, ada.principal, { organizationId: orgId, userId: ada.userId, role: 'admin' }),
      ),
    ).toMatchObject({
      code: 'conflict',
      details: { reason: 'last_owner' },
    });
    expect((await owners()).count).toBe(1);
  });

  it('leaves exactly one owner when the last two owners demote each other at the same time', async () => {
    const { deps, ada, bob, orgId, owners } = await team();
    await changeMemberRole(deps, ada.principal, { organizationId: orgId, userId: bob.userId, role: 'owner' });
    expect((await owners()).count).toBe(2);
    const results = await Promise.allSettled([
      changeMemberRole(deps, ada.principal, { organizationId: orgId, userId: bob.userId, role: 'admin' }),
      changeMemberRole(deps, bob.principal, { organizationId: orgId, userId: ada.userId, role: 'admin' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const after = await owners();
    expect(after.count).toBe(1);
    expect(Object.values(after.roles).filter((r) => r === 'owner')).toHaveLength(1);
  });

  it('leaves exactly one owner when the last two owners both leave at the same time', async () => {
    const { deps, ada, bob, orgId, owners } = await team();
    await changeMemberRole(deps, ada.principal, { organizationId: orgId, userId: bob.userId, role: 'owner' });
    const results = await Promise.allSettled([
      leaveOrganization(deps, ada.principal, { organizationId: orgId }),
      leaveOrganization(deps, bob.principal, { organizationId: orgId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await owners()).count).toBe(1);
  });
});

describe('removing and leaving', () => {
  it('removes a member and keeps the counts exact', async () => {
    const { deps, bob, cat, orgId, owners } = await team();
    await removeMember(deps, bob.principal, { organizationId: orgId, userId: cat.userId });
    const after = await owners();
    expect(after.memberCount).toBe(2);
    expect(after.roles['cat@example.com']).toBeUndefined();
  });

  it('does not let an admin remove an owner, or a member remove anyone', async () => {
    const { deps, ada, bob, cat, orgId } = await team();
    expect(
      (await rejection(removeMember(deps, bob.principal, { organizationId: orgId, userId: ada.userId }))).code,
    ).toBe('forbidden');
    expect(
      (await rejection(removeMember(deps, cat.principal, { organizationId: orgId, userId: bob.userId }))).code,
    ).toBe('forbidden');
  });

  it('refuses an admin demoted meanwhile (authorisation is re-checked in the write)', async () => {
    const { deps, ada, bob, cat, orgId } = await team();
    const results = await Promise.allSettled([
      changeMemberRole(deps, ada.principal, { organizationId: orgId, userId: bob.userId, role: 'member' }),
      removeMember(deps, bob.principal, { organizationId: orgId, userId: cat.userId }),
    ]);
    // Either Bob's removal committed before his demotion, or it failed; never after it.
    const [demotion, removal] = results;
    expect(demotion.status).toBe('fulfilled');
    if (removal.status === 'rejected') expect(removal.reason.code).toMatch(/conflict|forbidden/);
  });

  it('lets members leave, but not the only owner', async () => {
    const { deps, ada, cat, orgId, owners } = await team();
    await leaveOrganization(deps, cat.principal, { organizationId: orgId });
    expect((await owners()).memberCount).toBe(2);
    expect((await rejection(leaveOrganization(deps, ada.principal, { organizationId: orgId }))).details).toMatchObject({
      reason: 'last_owner',
    });
    expect((await rejection(leaveOrganization(deps, cat.principal, { organizationId: orgId }))).code).toBe('not_found');
  });
});

describe('transferring ownership', () => {
  it('makes the target owner and the caller admin in one step', async () => {
    const { deps, ada, cat, orgId, owners } = await team();
    await expect(
      transferOwnership(deps, ada.principal, { organizationId: orgId, userId: cat.userId }),
    ).resolves.toEqual({
      organizationId: orgId,
      ownerId: cat.userId,
      previousOwnerRole: 'admin',
    });
    const after = await owners();
    expect(after.count).toBe(1);
    expect(after.roles).toMatchObject({ 'ada@example.com': 'admin', 'cat@example.com': 'owner' });
  });

  it('is for owners only and needs a member as target', async () => {
    const { deps, ada, bob, cat, orgId } = await team();
    expect(
      (await rejection(transferOwnership(deps, bob.principal, { organizationId: orgId, userId: cat.userId }))).code,
    ).toBe('forbidden');
    const eve = await signUpUser(deps, 'eve@example.com');
    expect(
      (await rejection(transferOwnership(deps, ada.principal, { organizationId: orgId, userId: eve.userId }))).code,
    ).toBe('not_found');
  });
});
