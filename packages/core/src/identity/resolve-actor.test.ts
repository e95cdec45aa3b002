import { describe, expect, it } from 'vitest';
import { verifyBuiltInAccessToken } from './access-token.ts';
import { changePassword } from './change-password.ts';
import { createOrganization } from './create-organization.ts';
import { getMe } from './get-me.ts';
import { addMember, createTestDeps, rejection, signUpUser, testPassword } from './identity-test-kit.ts';
import { emailKey } from './keys.ts';
import { removeMember } from './remove-member.ts';
import { resolveActor, resolvePrincipal } from './resolve-actor.ts';

describe('resolveActor', () => {
  it('defaults to the personal organisation and takes role and plan from our records', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const identity = await verifyBuiltInAccessToken(deps, ada.tokens.accessToken);
    await expect(resolveActor(deps, { ...identity, groups: ['platform_admin'] })).resolves.toEqual({
      userId: ada.userId,
      orgId: ada.orgId,
      role: 'owner',
      plan: 'free',
    });
  });

  it('acts in a requested organisation only while the caller is a member of it', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    const bobIdentity = await verifyBuiltInAccessToken(deps, bob.tokens.accessToken);
    expect(await rejection(resolveActor(deps, bobIdentity, { organizationId: ada.orgId }))).toMatchObject({
      code: 'forbidden',
    });
    expect((await rejection(resolveActor(deps, bobIdentity, { organizationId: 'garbage' }))).code).toBe('forbidden');

    await addMember(deps, ada, bob, 'instructor');
    await expect(resolveActor(deps, bobIdentity, { organizationId: ada.orgId })).resolves.toMatchObject({
      orgId: ada.orgId,
      role: 'instructor',
    });
    // Removed: the next request fails even though the access token has not expired.
    await removeMember(deps, ada.principal, { organizationId: ada.orgId, userId: bob.userId });
    expect((await rejection(resolveActor(deps, bobIdentity, { organizationId: ada.orgId }))).code).toBe('forbidden');
  });

  it('falls back to another organisation when the personal one is gone, and refuses users with none', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const team = await createOrganization(deps, ada.principal, { name: 'Team' });
    await deps.store.delete({ pk: `T#${ada.orgId}`, sk: `MEMBER#${ada.userId}` });
    const identity = { provider: 'builtin' as const, sub: ada.userId, groups: [] };
    await expect(resolveActor(deps, identity)).resolves.toMatchObject({ orgId: team.id, role: 'owner' });
    await deps.store.delete({ pk: `T#${team.id}`, sk: `MEMBER#${ada.userId}` });
    expect(await rejection(resolveActor(deps, identity))).toMatchObject({ code: 'forbidden' });
    await expect(getMe(deps, ada.principal)).resolves.toMatchObject({ activeOrganizationId: null, permissions: [] });
  });

  it('refuses access tokens issued before a password change', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const old = await verifyBuiltInAccessToken(deps, ada.tokens.accessToken);
    deps.clock.advance(5_000);
    const fresh = await changePassword(deps, ada.principal, {
      currentPassword: testPassword,
      newPassword: 'Brand-new-pass-7',
    });
    expect((await rejection(resolveActor(deps, old))).code).toBe('unauthenticated');
    const current = await verifyBuiltInAccessToken(deps, fresh.accessToken);
    await expect(resolveActor(deps, current)).resolves.toMatchObject({ userId: ada.userId });
  });

  it('creates a Cognito user with a personal organisation on first sight, and reuses it after', async () => {
    const deps = createTestDeps();
    const identity = {
      provider: 'cognito' as const,
      sub: 'cog-123',
      email: 'Eve@Example.com',
      groups: ['platform_admin'],
    };
    const [first, concurrent] = await Promise.all([resolveActor(deps, identity), resolveActor(deps, identity)]);
    expect(first.userId).toBe(concurrent.userId);
    expect(first).toMatchObject({ role: 'owner', plan: 'free' });
    // Cognito groups never grant our platform role.
    expect(first.platformRole).toBeUndefined();
    const again = await resolvePrincipal(deps, identity);
    expect(again.userId).toBe(first.userId);
    expect(again.user).toMatchObject({ email: 'Eve@Example.com', provider: 'cognito', name: 'Eve' });
    expect(await deps.store.get(emailKey('eve@example.com'))).toMatchObject({ data: { userId: first.userId } });
  });

  it('links a Cognito user whose e-mail another account holds without taking the address', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const actor = await resolveActor(deps, { provider: 'cognito', sub: 'cog-9', email: 'ada@example.com', groups: [] });
    expect(actor.userId).not.toBe(ada.userId);
    expect(await deps.store.get(emailKey('ada@example.com'))).toMatchObject({ data: { userId: ada.userId } });
  });

  it('reports a deleted account as unauthenticated', async () => {
    const deps = createTestDeps();
    const identity = { provider: 'builtin' as const, sub: 'usr_01JGZ0000000000000000000AA', groups: [] };
    expect((await rejection(resolveActor(deps, identity))).code).toBe('unauthenticated');
  });
});

describe('getMe', () => {
  it('lists memberships with names, roles and plans, and the permissions in the active organisation', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const bob = await signUpUser(deps, 'bob@example.com');
    await addMember(deps, ada, bob, 'member');
    const me = await getMe(deps, { userId: bob.userId, orgId: ada.orgId });
    expect(me.user).toMatchObject({ id: bob.userId, email: 'bob@example.com' });
    expect(me.memberships).toHaveLength(2);
    expect(me.memberships).toContainEqual({
      organizationId: ada.orgId,
      name: "ada's workspace",
      role: 'member',
      plan: 'free',
      personal: true,
    });
    expect(me.activeOrganizationId).toBe(ada.orgId);
    expect(me.permissions).toContain('post:create');
    expect(me.permissions).not.toContain('member:invite');
    const own = await getMe(deps, bob.principal);
    expect(own.activeOrganizationId).toBe(bob.orgId);
    expect(own.permissions).toContain('org:transfer_ownership');
  });
});
