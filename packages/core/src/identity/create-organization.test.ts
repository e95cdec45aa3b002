import { describe, expect, it } from 'vitest';
import { createOrganization, maxOwnedOrganizations } from './create-organization.ts';
import { getOrganization } from './get-organization.ts';
import { addMember, createTestDeps, rejection, signUpUser } from './identity-test-kit.ts';
import { listMembers } from './list-members.ts';
import { listMyOrganizations } from './list-my-organizations.ts';
import { renameOrganization } from './rename-organization.ts';

describe('organisations', () => {
  it('creates an organisation with the caller as only owner and lists it among mine', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const team = await createOrganization(deps, ada.principal, { name: '  Research team ' });
    expect(team).toMatchObject({ name: 'Research team', plan: 'free', personal: false, memberCount: 1 });
    const mine = await listMyOrganizations(deps, ada.principal);
    expect(mine.items.map((o) => [o.id, o.role])).toEqual(
      expect.arrayContaining([
        [ada.orgId, 'owner'],
        [team.id, 'owner'],
      ]),
    );
    await expect(getOrganization(deps, ada.principal, { organizationId: team.id })).resolves.toMatchObject({
      role: 'owner',
    });
  });

  it('ignores a plan or owner smuggled into the input', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const team = await createOrganization(deps, ada.principal, {
      name: 'Team',
      plan: 'enterprise',
      createdBy: 'usr_x',
    } as never);
    expect(team.plan).toBe('free');
  });

  it('limits how many organisations one account owns', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    for (let i = 1; i < maxOwnedOrganizations; i++) await createOrganization(deps, ada.principal, { name: `Org ${i}` });
    expect((await rejection(createOrganization(deps, ada.principal, { name: 'One too many' }))).code).toBe('conflict');
  });

  it('answers not_found to non-members for read, rename and member listing', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const eve = await signUpUser(deps, 'eve@example.com');
    for (const call of [
      () => getOrganization(deps, eve.principal, { organizationId: ada.orgId }),
      () => renameOrganization(deps, eve.principal, { organizationId: ada.orgId, name: 'Pwned' }),
      () => listMembers(deps, eve.principal, { organizationId: ada.orgId }),
      () => getOrganization(deps, eve.principal, { organizationId: '../../etc' }),
    ]) {
      expect((await rejection(call())).code).toBe('not_found');
    }
    await expect(getOrganization(deps, ada.principal, { organizationId: ada.orgId })).resolves.toMatchObject({
      name: "ada's workspace",
    });
  });

  it('lets admins rename and members only read', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const cat = await signUpUser(deps, 'cat@example.com');
    await addMember(deps, ada, bob, 'admin');
    await addMember(deps, ada, cat, 'member');
    await expect(
      renameOrganization(deps, bob.principal, { organizationId: ada.orgId, name: 'Lab' }),
    ).resolves.toMatchObject({ name: 'Lab' });
    expect(
      await rejection(renameOrganization(deps, cat.principal, { organizationId: ada.orgId, name: 'Mine' })),
    ).toMatchObject({
      code: 'forbidden',
      details: { permission: 'org:update' },
    });
    expect(
      (await rejection(renameOrganization(deps, bob.principal, { organizationId: ada.orgId, name: 'x'.repeat(101) })))
        .code,
    ).toBe('invalid_input');
    const members = await listMembers(deps, cat.principal, { organizationId: ada.orgId });
    expect(members.items.map((m) => [m.email, m.role]).sort()).toEqual([
      ['ada@example.com', 'owner'],
      ['bob@example.com', 'admin'],
      ['cat@example.com', 'member'],
    ]);
  });

  it('pages through members with a cursor', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const others = await Promise.all(['b', 'c', 'd'].map((n) => signUpUser(deps, `${n}@example.com`)));
    for (const other of others) await addMember(deps, ada, other, 'member');
    const first = await listMembers(deps, ada.principal, { organizationId: ada.orgId, limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await listMembers(deps, ada.principal, {
      organizationId: ada.orgId,
      limit: 3,
      cursor: first.nextCursor!,
    });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((m) => m.userId)).size).toBe(4);
  });
});
