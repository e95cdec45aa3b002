import { describe, expect, it } from 'vitest';
import { createFirstPlatformAdmin } from './create-first-platform-admin.ts';
import { createTestDeps, rejection, signUpUser } from './identity-test-kit.ts';
import { login } from './login.ts';
import { resolveActor } from './resolve-actor.ts';
import { setOrganizationPlan } from './set-organization-plan.ts';

describe('platform administration', () => {
  it('creates the first platform admin once, and only then', async () => {
    const deps = createTestDeps();
    const created = await createFirstPlatformAdmin(deps, {
      email: 'root@example.com',
      password: 'Platform-admin-1',
      name: 'Root',
    });
    expect(created).toMatchObject({ created: true, user: { platformRole: 'platform_admin' } });
    const session = await login(deps, { email: 'root@example.com', password: 'Platform-admin-1' });
    const actor = await resolveActor(deps, { provider: 'builtin', sub: session.user.id, groups: [] });
    expect(actor.platformRole).toBe('platform_admin');
    expect(
      await rejection(
        createFirstPlatformAdmin(deps, { email: 'other@example.com', password: 'Platform-admin-2', name: 'Other' }),
      ),
    ).toMatchObject({
      code: 'conflict',
      details: { reason: 'platform_admin_exists' },
    });
  });

  it('promotes an existing account without needing its password', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    await expect(createFirstPlatformAdmin(deps, { email: 'ADA@example.com' })).resolves.toMatchObject({
      created: false,
      user: { id: ada.userId, platformRole: 'platform_admin' },
    });
  });

  it('requires a strong password when creating', async () => {
    const deps = createTestDeps();
    expect(
      (await rejection(createFirstPlatformAdmin(deps, { email: 'root@example.com', name: 'Root', password: 'weak' })))
        .code,
    ).toBe('invalid_input');
  });

  it('lets only platform admins set a plan, which then limits members', async () => {
    const deps = createTestDeps();
    const ada = await signUpUser(deps, 'ada@example.com');
    const root = await createFirstPlatformAdmin(deps, {
      email: 'root@example.com',
      password: 'Platform-admin-1',
      name: 'Root',
    });
    const admin = { userId: root.user.id, platformRole: 'platform_admin' as const };
    expect(
      (await rejection(setOrganizationPlan(deps, ada.principal, { organizationId: ada.orgId, plan: 'enterprise' })))
        .code,
    ).toBe('forbidden');
    await expect(setOrganizationPlan(deps, admin, { organizationId: ada.orgId, plan: 'pro' })).resolves.toMatchObject({
      plan: 'pro',
    });
    await expect(resolveActor(deps, { provider: 'builtin', sub: ada.userId, groups: [] })).resolves.toMatchObject({
      plan: 'pro',
    });
    expect(
      (await rejection(setOrganizationPlan(deps, admin, { organizationId: ada.orgId, plan: 'platinum' }))).code,
    ).toBe('invalid_input');
    expect(
      (
        await rejection(
          setOrganizationPlan(deps, admin, { organizationId: 'org_01JGZ0000000000000000000AA', plan: 'pro' }),
        )
      ).code,
    ).toBe('not_found');
  });
});
