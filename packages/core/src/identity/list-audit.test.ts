import { describe, expect, it } from 'vitest';
import { addMember, createTestDeps, rejection, signUpUser } from './identity-test-kit.ts';
import { listAudit } from './list-audit.ts';
import { recordAudit } from './record-audit.ts';

async function setup() {
  const deps = createTestDeps();
  const ada = await signUpUser(deps, 'ada@example.com');
  const bob = await signUpUser(deps, 'bob@example.com');
  const cat = await signUpUser(deps, 'cat@example.com');
  await addMember(deps, ada, bob, 'admin');
  await addMember(deps, ada, cat, 'member');
  const entry = (actorId: string, action: string) =>
    recordAudit(deps, {
      organizationId: ada.orgId,
      actorId,
      action,
      target: { type: 'member', id: cat.userId },
      requestId: 'req-1',
      outcome: 'success',
    });
  return { deps, ada, bob, cat, entry };
}

describe('audit log', () => {
  it('records entries and lists them newest first for owners and admins', async () => {
    const { deps, ada, bob, cat, entry } = await setup();
    await entry(ada.userId, 'member.invited');
    deps.clock.advance(1000);
    await entry(bob.userId, 'member.role_changed');
    const page = await listAudit(deps, bob.principal, { organizationId: ada.orgId });
    expect(page.items.map((e) => e.action)).toEqual(['member.role_changed', 'member.invited']);
    expect(page.items[0]).toMatchObject({
      organizationId: ada.orgId,
      actorId: bob.userId,
      target: { type: 'member', id: cat.userId },
      requestId: 'req-1',
      outcome: 'success',
      at: new Date(deps.clock.nowMs()).toISOString(),
    });
    expect((await rejection(listAudit(deps, cat.principal, { organizationId: ada.orgId }))).code).toBe('forbidden');
    const eve = await signUpUser(deps, 'eve@example.com');
    expect((await rejection(listAudit(deps, eve.principal, { organizationId: ada.orgId }))).code).toBe('not_found');
  });

  it('filters by actor, by action, and by both, and pages with a cursor', async () => {
    const { deps, ada, bob, entry } = await setup();
    for (let i = 0; i < 3; i++) {
      await entry(ada.userId, 'org.renamed');
      await entry(bob.userId, 'org.renamed');
      await entry(bob.userId, 'member.removed');
    }
    const byBob = await listAudit(deps, ada.principal, { organizationId: ada.orgId, actorId: bob.userId });
    expect(byBob.items).toHaveLength(6);
    expect(byBob.items.every((e) => e.actorId === bob.userId)).toBe(true);
    const renames = await listAudit(deps, ada.principal, { organizationId: ada.orgId, action: 'org.renamed' });
    expect(renames.items).toHaveLength(6);
    const both = await listAudit(deps, ada.principal, {
      organizationId: ada.orgId,
      action: 'org.renamed',
      actorId: bob.userId,
    });
    expect(both.items).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit(deps, ada.principal, { organizationId: ada.orgId, limit: 4, cursor });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('does not mix organisations: another organisation’s log is empty of these entries', async () => {
    const { deps, bob, entry, ada } = await setup();
    await entry(bob.userId, 'org.renamed');
    const own = await listAudit(deps, bob.principal, { organizationId: bob.orgId, actorId: bob.userId });
    expect(own.items).toHaveLength(0);
    expect(
      (await listAudit(deps, ada.principal, { organizationId: ada.orgId, actorId: bob.userId })).items,
    ).toHaveLength(1);
  });

  it('validates what it records', async () => {
    const { deps, ada } = await setup();
    const base = { organizationId: ada.orgId, actorId: ada.userId, action: 'org.renamed', outcome: 'success' as const };
    expect((await rejection(recordAudit(deps, { ...base, action: 'DROP TABLE' }))).code).toBe('invalid_input');
    expect((await rejection(recordAudit(deps, { ...base, organizationId: 'nope' }))).code).toBe('invalid_input');
    expect((await rejection(recordAudit(deps, { ...base, outcome: 'maybe' as never }))).code).toBe('invalid_input');
    expect((await rejection(recordAudit(deps, { ...base, details: { blob: 'x'.repeat(5000) } }))).code).toBe(
      'invalid_input',
    );
    await expect(recordAudit(deps, { ...base, actorId: 'anonymous', outcome: 'denied' })).resolves.toMatchObject({
      target: null,
      requestId: null,
    });
  });
});
