import { describe, expect, it } from 'vitest';
import type { ItemStore } from '../ports/item-store.ts';
import { acceptInvitation } from './accept-invitation.ts';
import type { OrganizationPurgeContext } from './account-extensions.ts';
import { createInvitation } from './create-invitation.ts';
import { createOrganization } from './create-organization.ts';
import { deleteAccount } from './delete-account.ts';
import { deleteOrganization } from './delete-organization.ts';
import { addMember, createTestDeps, rejection, signUpUser, testPassword } from './identity-test-kit.ts';
import { organizationPurgeKey } from './keys.ts';
import { leaveOrganization } from './leave-organization.ts';
import { listMyOrganizations } from './list-my-organizations.ts';
import { purgeOrganization, purgeOrganizationJob, purgePendingOrganizations } from './purge-organization.ts';
import { recordAudit } from './record-audit.ts';
import { renameOrganization } from './rename-organization.ts';
import { resolveActor } from './resolve-actor.ts';

const settleMs = 60 * 60 * 1000;

async function itemsUnder(store: ItemStore, root: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scanPartitions({ root, ...(cursor ? { cursor } : {}) });
    keys.push(...page.items.map((item) => `${item.pk} ${item.sk}`));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return keys;
}

/** Ada owns "Band" with Bob (admin) and Cy (member); Dee was a member and left. Each left something behind. */
async function band() {
  const deps = createTestDeps({ organizationPurgeSettleMs: settleMs });
  const [ada, bob, cy, dee] = await Promise.all(
    ['ada', 'bob', 'cy', 'dee'].map((name) => signUpUser(deps, `${name}@example.com`)),
  );
  const org = await createOrganization(deps, ada!.principal, { name: 'Band' });
  await addMember(deps, ada!, bob!, 'admin', org.id);
  await addMember(deps, ada!, cy!, 'member', org.id);
  await addMember(deps, ada!, dee!, 'member', org.id);
  const pending = await createInvitation(deps, ada!.principal, {
    organizationId: org.id,
    email: 'eve@example.com',
    role: 'member',
  });
  // Module content under the tenant's partitions, some of it only a former member's.
  await deps.store.put({ pk: `T#${org.id}#POST#p1`, sk: 'POST', data: { by: cy!.userId } });
  await deps.store.put({ pk: `T#${org.id}#REACT#${dee!.userId}`, sk: 'p1#like', data: {} });
  await leaveOrganization(deps, dee!.principal, { organizationId: org.id });
  await recordAudit(deps, { organizationId: org.id, actorId: ada!.userId, action: 'org.rename', outcome: 'success' });
  // A neighbour whose id shares the text prefix must keep everything.
  await deps.store.put({ pk: `T#${org.id}X`, sk: 'KEEP', data: {} });
  return { deps, ada: ada!, bob: bob!, cy: cy!, dee: dee!, org, pendingToken: pending.token };
}

describe('deleting an organisation', () => {
  it('takes it from every member at once and purges every item under it, the former member’s too', async () => {
    const { deps, ada, bob, cy, dee, org, pendingToken } = await band();
    const purges: OrganizationPurgeContext[] = [];
    deps.extensions.registerOrganizationPurge('spy', async (context) => {
      purges.push(context);
    });
    expect((await itemsUnder(deps.store, `T#${org.id}`)).length).toBeGreaterThan(5);

    const result = await deleteOrganization(deps, ada.principal, {
      organizationId: org.id,
      name: 'Band',
      password: testPassword,
    });
    expect(result).toMatchObject({ organizationId: org.id, name: 'Band', memberCount: 3 });

    for (const user of [ada, bob, cy]) {
      const { items } = await listMyOrganizations(deps, user.principal);
      expect(items.map((o) => o.id)).not.toContain(org.id);
      const denied = await rejection(
        resolveActor(deps, { provider: 'builtin', sub: user.userId, groups: [] }, { organizationId: org.id }),
      );
      expect(denied.code).toBe('forbidden');
    }
    expect(await itemsUnder(deps.store, `T#${org.id}`)).toEqual([]);
    expect(await itemsUnder(deps.store, `T#${org.id}X`)).toHaveLength(1);
    expect(purges).toEqual([{ organizationId: org.id, memberUserIds: expect.any(Array) }]);
    // Dee left before: a former member's enrolments elsewhere go too.
    expect([...purges[0]!.memberUserIds].sort()).toEqual([ada.userId, bob.userId, cy.userId, dee.userId].sort());
    // The pending invitation's token went with it.
    const invitee = await signUpUser(deps, 'eve@example.com');
    expect((await rejection(acceptInvitation(deps, invitee.principal, { token: pendingToken }))).code).toBe(
      'not_found',
    );
  });

  it('sweeps again once the settle time has passed, then forgets the organisation', async () => {
    const { deps, ada, org } = await band();
    await deleteOrganization(deps, ada.principal, { organizationId: org.id, name: 'Band', password: testPassword });
    // Something that was in flight writes after the first sweep.
    await deps.store.put({ pk: `T#${org.id}#RUN#r1`, sk: 'STEP#n1', data: {} });
    await purgeOrganizationJob(deps, { organizationId: org.id });
    expect(await itemsUnder(deps.store, `T#${org.id}`)).toEqual([]);
    expect(await deps.store.get(organizationPurgeKey(org.id))).toBeDefined();

    await deps.store.put({ pk: `T#${org.id}#RUN#r1`, sk: 'STEP#n2', data: {} });
    // Swept once already: the periodic job waits for the settle time before the last sweep.
    deps.clock.advance(settleMs - 1);
    expect(await purgePendingOrganizations(deps)).toBe(0);
    expect(await itemsUnder(deps.store, `T#${org.id}`)).toHaveLength(1);
    deps.clock.advance(1);
    expect(await purgePendingOrganizations(deps)).toBe(1);
    expect(await itemsUnder(deps.store, `T#${org.id}`)).toEqual([]);
    expect(await deps.store.get(organizationPurgeKey(org.id))).toBeUndefined();
    expect(await purgePendingOrganizations(deps)).toBe(0);
  });

  it('recovers a purge whose job was lost: the periodic job makes the first sweep', async () => {
    const { deps, ada, org } = await band();
    // Marked, as the deletion's transaction leaves it, but no sweep has run (the job never arrived).
    const lost = {
      ...deps,
      writeAndSend: async (operations: Parameters<ItemStore['transact']>[0]) => {
        await deps.store.transact(operations);
      },
    };
    await deleteOrganization(lost, ada.principal, { organizationId: org.id, name: 'Band', password: testPassword });
    expect((await itemsUnder(deps.store, `T#${org.id}`)).length).toBeGreaterThan(5);
    expect(await purgePendingOrganizations(deps)).toBe(1);
    expect(await itemsUnder(deps.store, `T#${org.id}`)).toEqual([]);
    expect(await deps.store.get(organizationPurgeKey(org.id))).toMatchObject({
      data: { lastSweptAtMs: expect.any(Number) },
    });
  });

  it('is for owners, of a shared organisation, confirmed by its name and the password', async () => {
    const { deps, ada, bob, cy, dee, org } = await band();
    const attempt = (who: typeof ada, input: Partial<{ name: string; password: string; organizationId: string }>) =>
      rejection(
        deleteOrganization(deps, who.principal, {
          organizationId: org.id,
          name: 'Band',
          password: testPassword,
          ...input,
        }),
      );
    expect((await attempt(bob, {})).code).toBe('forbidden');
    expect((await attempt(cy, {})).code).toBe('forbidden');
    expect((await attempt(dee, {})).code).toBe('not_found');
    expect(await attempt(ada, { name: 'band' })).toMatchObject({ code: 'invalid_input', details: { field: 'name' } });
    expect(await attempt(ada, { password: 'Wrong-password-1' })).toMatchObject({
      code: 'invalid_input',
      details: { field: 'password' },
    });
    expect(await attempt(ada, { organizationId: ada.orgId, name: ada.organization.name })).toMatchObject({
      code: 'conflict',
      details: { reason: 'personal_organization' },
    });
    expect((await attempt(ada, { organizationId: 'org_nope' })).code).toBe('not_found');
    // Nothing was touched by the refusals.
    const { items } = await listMyOrganizations(deps, bob.principal);
    expect(items.map((o) => o.id)).toContain(org.id);
    expect(await deps.store.get(organizationPurgeKey(org.id))).toBeUndefined();
  });

  it('refuses when the organisation changed after the owner looked (a rename), and never purges a live one', async () => {
    const { deps, ada, org } = await band();
    const racing = {
      ...deps,
      store: {
        ...deps.store,
        transact: async (operations: Parameters<ItemStore['transact']>[0]) => {
          await renameOrganization(deps, ada.principal, { organizationId: org.id, name: 'Band II' });
          return deps.store.transact(operations);
        },
      },
    };
    expect(
      (
        await rejection(
          deleteOrganization(racing, ada.principal, { organizationId: org.id, name: 'Band', password: testPassword }),
        )
      ).code,
    ).toBe('conflict');
    expect((await rejection(purgeOrganization(deps, org.id))).code).toBe('internal');
    expect((await itemsUnder(deps.store, `T#${org.id}`)).length).toBeGreaterThan(5);
  });

  it('lets the sole owner delete their account once the organisation with members is gone', async () => {
    const { deps, ada, org } = await band();
    expect((await rejection(deleteAccount(deps, ada.principal, { password: testPassword }))).details).toMatchObject({
      reason: 'sole_owner',
    });
    await deleteOrganization(deps, ada.principal, { organizationId: org.id, name: 'Band', password: testPassword });
    const result = await deleteAccount(deps, ada.principal, { password: testPassword });
    expect(result.deletedOrganizationIds).toEqual([ada.orgId]);
    expect(await itemsUnder(deps.store, `T#${ada.orgId}`)).toEqual([]);
  });
});
