import { describe, expect, it } from 'vitest';
import type { AccountDeletionContext } from './account-extensions.ts';
import { changePassword } from './change-password.ts';
import { createOrganization } from './create-organization.ts';
import { deleteAccount } from './delete-account.ts';
import { deleteOrganization } from './delete-organization.ts';
import { exportAccount } from './export-account.ts';
import { addMember, createTestDeps, rejection, signUpUser, testPassword } from './identity-test-kit.ts';
import { emailKey, orgKey, userKey } from './keys.ts';
import { leaveOrganization } from './leave-organization.ts';
import { listMembers } from './list-members.ts';
import { login } from './login.ts';
import { recordAudit } from './record-audit.ts';
import { refresh } from './refresh.ts';
import { removeMember } from './remove-member.ts';
import { signup } from './signup.ts';
import { updateProfile } from './update-profile.ts';

describe('account', () => {
  it('updates only the profile name', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const updated = await updateProfile(deps, ada.principal, {
      name: 'Ada L.',
      email: 'evil@example.com',
      platformRole: 'platform_admin',
    } as never);
    expect(updated).toMatchObject({ name: 'Ada L.', email: 'ada@example.com', platformRole: null });
  });

  it('changes the password, ending every other session', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const other = await login(deps, { email: 'ada@example.com', password: testPassword });
    expect(
      (
        await rejection(
          changePassword(deps, ada.principal, { currentPassword: 'Wrong-password-1', newPassword: 'Brand-new-pass-7' }),
        )
      ).details,
    ).toEqual({ field: 'currentPassword' });
    expect(
      (await rejection(changePassword(deps, ada.principal, { currentPassword: testPassword, newPassword: 'weak' })))
        .code,
    ).toBe('invalid_input');
    const fresh = await changePassword(deps, ada.principal, {
      currentPassword: testPassword,
      newPassword: 'Brand-new-pass-7',
    });
    for (const token of [ada.tokens.refreshToken, other.tokens.refreshToken]) {
      expect((await rejection(refresh(deps, { refreshToken: token }))).code).toBe('unauthenticated');
    }
    await expect(refresh(deps, { refreshToken: fresh.refreshToken })).resolves.toBeDefined();
    expect((await rejection(login(deps, { email: 'ada@example.com', password: testPassword }))).code).toBe(
      'unauthenticated',
    );
    await expect(login(deps, { email: 'ada@example.com', password: 'Brand-new-pass-7' })).resolves.toBeDefined();
  });

  it('exports the user, memberships, their audit entries everywhere, and what other modules add', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    await addMember(deps, ada, bob, 'member');
    await recordAudit(deps, {
      organizationId: ada.orgId,
      actorId: bob.userId,
      action: 'post.created',
      outcome: 'success',
    });
    await recordAudit(deps, {
      organizationId: ada.orgId,
      actorId: ada.userId,
      action: 'org.renamed',
      outcome: 'success',
    });
    deps.extensions.registerExporter('education', async ({ userId, organizationIds }) => ({
      userId,
      organizationIds,
      enrolments: [],
    }));
    expect(() => deps.extensions.registerExporter('user', async () => null)).toThrow();

    const exported = await exportAccount(deps, bob.principal);
    expect(exported.user).toMatchObject({ id: bob.userId, email: 'bob@example.com' });
    expect(JSON.stringify(exported)).not.toMatch(/scrypt|passwordHash/);
    expect(exported.memberships.map((m) => [m.organizationId, m.role]).sort()).toEqual(
      [
        [ada.orgId, 'member'],
        [bob.orgId, 'owner'],
      ].sort(),
    );
    expect(exported.auditEntries.map((e) => e.action)).toEqual(['post.created']);
    expect(exported.education).toEqual({
      userId: bob.userId,
      organizationIds: expect.arrayContaining([ada.orgId, bob.orgId]),
      enrolments: [],
    });
  });

  it('deletes the account: leaves shared organisations, deletes solo ones, removes personal data, keeps audit ids', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    await addMember(deps, ada, bob, 'admin');
    await recordAudit(deps, {
      organizationId: ada.orgId,
      actorId: bob.userId,
      action: 'org.renamed',
      outcome: 'success',
    });
    const hookCalls: AccountDeletionContext[] = [];
    deps.extensions.registerDeletionHook('community', async (context) => void hookCalls.push(context));

    expect((await rejection(deleteAccount(deps, bob.principal, { password: 'Wrong-password-1' }))).code).toBe(
      'invalid_input',
    );
    await expect(deleteAccount(deps, bob.principal, { password: testPassword })).resolves.toEqual({
      leftOrganizationIds: [ada.orgId],
      deletedOrganizationIds: [bob.orgId],
    });
    expect(hookCalls).toEqual([
      { userId: bob.userId, sharedOrganizationIds: [ada.orgId], deletedOrganizationIds: [bob.orgId] },
    ]);
    expect(await deps.store.get(userKey(bob.userId))).toBeUndefined();
    expect(await deps.store.get(emailKey('bob@example.com'))).toBeUndefined();
    expect(await deps.store.get(orgKey(bob.orgId))).toBeUndefined();
    expect(await deps.store.query({ pk: `USER#${bob.userId}` })).toMatchObject({ items: [] });
    expect(await deps.store.query({ index: 'gsi1', pk: `USER#${bob.userId}` })).toMatchObject({ items: [] });
    expect((await rejection(refresh(deps, { refreshToken: bob.tokens.refreshToken }))).code).toBe('unauthenticated');
    expect((await rejection(login(deps, { email: 'bob@example.com', password: testPassword }))).code).toBe(
      'unauthenticated',
    );

    const members = await listMembers(deps, ada.principal, { organizationId: ada.orgId });
    expect(members.items.map((m) => m.userId)).toEqual([ada.userId]);
    // The address is free again.
    await expect(
      signup(deps, { email: 'bob@example.com', password: testPassword, name: 'New Bob' }),
    ).resolves.toBeDefined();
  });

  it('also exports and anonymises what the user wrote in organisations they left or were removed from', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const cy = await signUpUser(deps, 'cy@example.com');
    const band = await createOrganization(deps, ada.principal, { name: 'Band' });
    const choir = await createOrganization(deps, ada.principal, { name: 'Choir' });
    const gone = await createOrganization(deps, cy.principal, { name: 'Gone' });
    await addMember(deps, ada, bob, 'member');
    await addMember(deps, ada, bob, 'member', band.id);
    await addMember(deps, ada, bob, 'member', choir.id);
    await addMember(deps, cy, bob, 'member', gone.id);
    await leaveOrganization(deps, bob.principal, { organizationId: band.id });
    await removeMember(deps, ada.principal, { organizationId: choir.id, userId: bob.userId });
    // Left and rejoined: a member again, listed once.
    await leaveOrganization(deps, bob.principal, { organizationId: ada.orgId });
    await addMember(deps, ada, bob, 'member');
    // Left an organisation that was deleted since: nothing left there to anonymise.
    await leaveOrganization(deps, bob.principal, { organizationId: gone.id });
    await deleteOrganization(deps, cy.principal, { organizationId: gone.id, name: 'Gone', password: testPassword });

    deps.extensions.registerExporter('community', async ({ organizationIds }) => organizationIds);
    expect(((await exportAccount(deps, bob.principal)).community as string[]).sort()).toEqual(
      [ada.orgId, bob.orgId, band.id, choir.id].sort(),
    );

    const hookCalls: AccountDeletionContext[] = [];
    deps.extensions.registerDeletionHook('community', async (context) => void hookCalls.push(context));
    const result = await deleteAccount(deps, bob.principal, { password: testPassword });
    expect(result.leftOrganizationIds.sort()).toEqual([ada.orgId, band.id, choir.id].sort());
    expect(hookCalls[0]?.sharedOrganizationIds.sort()).toEqual([ada.orgId, band.id, choir.id].sort());
    // Nothing names Bob as a former member any more.
    expect(await deps.store.query({ index: 'gsi1', pk: `USER#${bob.userId}` })).toMatchObject({ items: [] });
    for (const orgId of [band.id, choir.id]) {
      expect(await deps.store.query({ pk: `T#${orgId}`, sk: { beginsWith: 'FORMER#' } })).toMatchObject({ items: [] });
    }
  });

  it('a retry after a run that failed midway still hands the organisations it left to the hooks', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    await addMember(deps, ada, bob, 'member');
    const hookCalls: AccountDeletionContext[] = [];
    let failures = 1;
    deps.extensions.registerDeletionHook('files', async (context) => {
      hookCalls.push(context);
      if (failures-- > 0) throw new Error('the blob store is down');
    });

    await expect(deleteAccount(deps, bob.principal, { password: testPassword })).rejects.toThrow('blob store');
    // The organisations are already left and deleted; the account (and its password) still exists.
    expect(await deps.store.get(orgKey(bob.orgId))).toBeUndefined();
    expect(await deps.store.get(userKey(bob.userId))).toBeDefined();

    const expected = { userId: bob.userId, sharedOrganizationIds: [ada.orgId], deletedOrganizationIds: [bob.orgId] };
    await expect(deleteAccount(deps, bob.principal, { password: testPassword })).resolves.toEqual({
      leftOrganizationIds: [ada.orgId],
      deletedOrganizationIds: [bob.orgId],
    });
    expect(hookCalls).toEqual([expected, expected]);
    expect(await deps.store.get(userKey(bob.userId))).toBeUndefined();
  });

  it('refuses while the user is the only owner of an organisation with other members', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const team = await createOrganization(deps, ada.principal, { name: 'Research team' });
    await addMember(deps, ada, bob, 'member', team.id);
    const error = await rejection(deleteAccount(deps, ada.principal, { password: testPassword }));
    expect(error).toMatchObject({ code: 'conflict', details: { reason: 'sole_owner', organizationIds: [team.id] } });
    expect(error.message).toContain('Research team');
    // Nothing was removed.
    expect(await deps.store.get(userKey(ada.userId))).toBeDefined();
    expect(await deps.store.get(orgKey(ada.orgId))).toBeDefined();
  });
});
