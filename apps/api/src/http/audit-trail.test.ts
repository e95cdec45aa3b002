import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import { type Call, caller, createOrg, expectJson, join, type SignedUp, signUp } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
let owner: SignedUp;
let member: SignedUp;
let outsider: SignedUp;
let orgId: string;

interface Entry {
  id: string;
  actorId: string;
  organizationId: string;
  action: string;
  target: { type: string; id: string } | null;
  at: string;
  requestId: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

async function auditOf(org: string, query = '', token = owner.accessToken) {
  return expectJson<{ items: Entry[]; nextCursor: string | null }>(
    await call('GET', `/api/orgs/${org}/audit${query}`, { token }),
    200,
  );
}

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'owner@example.com');
  member = await signUp(call, 'member@example.com');
  outsider = await signUp(call, 'outsider@example.com');
  orgId = await createOrg(call, owner, 'Audited');
  await join(call, owner, orgId, member, 'member');
});
afterAll(async () => {
  await platform.close();
});

describe('audit trail', () => {
  it('records each state-changing request once, with action, target, request id and outcome', async () => {
    const res = await call('PATCH', `/api/orgs/${orgId}`, {
      token: owner.accessToken,
      body: { name: 'Audited Ltd' },
      headers: { 'x-request-id': 'rename-request-0001' },
    });
    expect(res.status).toBe(200);
    const { items } = await auditOf(orgId);
    expect(items[0]).toMatchObject({
      actorId: owner.userId,
      organizationId: orgId,
      action: 'org.rename',
      target: { type: 'org', id: orgId },
      requestId: 'rename-request-0001',
      outcome: 'success',
      details: null,
    });
    // Newest first: the earlier create, invitation and accept are below.
    expect(items.map((e) => e.action)).toEqual(['org.rename', 'invitation.accept', 'invitation.create', 'org.create']);
    expect(items.find((e) => e.action === 'invitation.accept')).toMatchObject({
      actorId: member.userId,
      target: { type: 'org', id: orgId },
    });
    expect(items.find((e) => e.action === 'invitation.create')?.target?.type).toBe('invitation');
  });

  it('does not record reads', async () => {
    const before = (await auditOf(orgId)).items.length;
    await call('GET', `/api/orgs/${orgId}`, { token: owner.accessToken });
    await call('GET', `/api/orgs/${orgId}/members`, { token: member.accessToken });
    expect((await auditOf(orgId)).items.length).toBe(before);
  });

  it("records refusals as denied and failures with the error code, in the caller's active organisation", async () => {
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}`, { token: member.accessToken, orgId, body: { name: 'Mine now' } }),
      403,
      'forbidden',
    );
    const [denied] = (await auditOf(orgId, `?actorId=${member.userId}`)).items;
    expect(denied).toMatchObject({
      action: 'org.rename',
      outcome: 'denied',
      details: { errorCode: 'forbidden' },
      target: { type: 'org', id: orgId },
    });

    // A stranger probing the organisation: recorded in their own organisation, never in the target's log.
    await expectError(
      await call('DELETE', `/api/orgs/${orgId}/members/${member.userId}`, { token: outsider.accessToken }),
      404,
      'not_found',
    );
    expect((await auditOf(orgId, `?actorId=${outsider.userId}`)).items).toEqual([]);
    const own = await auditOf(outsider.personalOrgId, '', outsider.accessToken);
    expect(own.items[0]).toMatchObject({
      action: 'member.remove',
      outcome: 'failure',
      details: { errorCode: 'not_found', organizationId: orgId },
      target: { type: 'user', id: member.userId },
    });
    // Validation failures count too.
    await expectError(
      await call('PATCH', `/api/orgs/${orgId}`, { token: owner.accessToken, orgId, body: { name: 7 } }),
      400,
      'invalid_input',
    );
    const [invalid] = (await auditOf(orgId)).items;
    expect(invalid).toMatchObject({
      action: 'org.rename',
      outcome: 'failure',
      details: { errorCode: 'invalid_input' },
    });
  });

  it('records sign-up and login against the personal organisation', async () => {
    const user = await signUp(call, 'newbie@example.com');
    await call('POST', '/api/auth/login', { body: { email: 'newbie@example.com', password: 'Correct-horse-42' } });
    const { items } = await auditOf(user.personalOrgId, '', user.accessToken);
    expect(items.map((e) => [e.action, e.actorId, e.outcome])).toEqual([
      ['auth.login', user.userId, 'success'],
      ['auth.signup', user.userId, 'success'],
    ]);
  });

  it('filters by actor and by action, and pages with a cursor', async () => {
    for (const name of ['One', 'Two', 'Three']) {
      await expectJson(await call('PATCH', `/api/orgs/${orgId}`, { token: owner.accessToken, body: { name } }), 200);
    }
    const renames = await auditOf(orgId, '?action=org.rename');
    expect(renames.items.every((e) => e.action === 'org.rename')).toBe(true);
    expect(renames.items.length).toBeGreaterThanOrEqual(6);
    const byOwner = await auditOf(orgId, `?actorId=${owner.userId}`);
    expect(byOwner.items.every((e) => e.actorId === owner.userId)).toBe(true);
    expect(byOwner.items.map((e) => e.action)).toContain('invitation.create');
    const both = await auditOf(orgId, `?actorId=${member.userId}&action=org.rename`);
    expect(both.items.map((e) => [e.actorId, e.action])).toEqual([[member.userId, 'org.rename']]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await auditOf(orgId, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const all = await auditOf(orgId, '?limit=100');
    expect(seen).toEqual(all.items.map((e) => e.id));
    expect(pages).toBeGreaterThan(3);
    await expectError(
      await call('GET', `/api/orgs/${orgId}/audit?limit=101`, { token: owner.accessToken }),
      400,
      'invalid_input',
    );
  });

  it('is readable by owners and admins only, and cannot be edited or deleted', async () => {
    await expectError(await call('GET', `/api/orgs/${orgId}/audit`, { token: member.accessToken }), 403, 'forbidden');
    await expectError(await call('GET', `/api/orgs/${orgId}/audit`, { token: outsider.accessToken }), 404, 'not_found');
    await expectError(await call('GET', `/api/orgs/${orgId}/audit`), 401, 'unauthenticated');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      await expectError(
        await call(method, `/api/orgs/${orgId}/audit`, { token: owner.accessToken }),
        405,
        'method_not_allowed',
      );
    }
    const { items } = await auditOf(orgId, '?limit=1');
    await expectError(
      await call('DELETE', `/api/orgs/${orgId}/audit/${items[0]!.id}`, { token: owner.accessToken }),
      404,
      'not_found',
    );
  });

  it('declares an audit action on every state-changing route', async () => {
    const doc = await expectJson<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      await call('GET', '/api/openapi.json'),
      200,
    );
    const missing: string[] = [];
    const recordedElsewhere: string[] = [];
    let count = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation['x-audit-success-recorded-by']) {
          recordedElsewhere.push(`${method} ${path} ${operation['x-audit-success-recorded-by']}`);
        }
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
        count++;
        if (!/^[a-z_]+\.[a-z_]+$/.test(String(operation['x-audit-action']))) missing.push(`${method} ${path}`);
      }
    }
    expect(count).toBeGreaterThanOrEqual(15);
    expect(missing).toEqual([]);
    // Only the model call's successes live elsewhere (its usage ledger entry); its failures are audited.
    expect(recordedElsewhere).toEqual(['post /api/ai/complete ai-usage-ledger']);
  });
});
