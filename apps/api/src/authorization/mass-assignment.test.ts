/**
 * Mass assignment: every route with a body, sent its valid body plus fields a client must never set
 * (`role`, `organizationId`, `plan`, `createdBy`, `platformRole`, `userId`, `id`, `version`). The request
 * is either refused (400 invalid_input) or succeeds with the extras ignored: checked in the response, in
 * the caller's own memberships and platform role, and in another tenant's organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationMatrix, type MatrixRow, routeKey } from './authorization-matrix.ts';
import { buildWorld, type Caller, type MatrixRole, send, sendOk, type World } from './fixture-world.ts';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 180_000);

afterAll(async () => {
  await world?.close();
});

const injectedId = 'org_01INJECTEDINJECTEDINJECTE';
const injectedVersion = 987_654_321;

function injected(world: World): Record<string, unknown> {
  return {
    role: 'owner',
    organizationId: world.orgB.id,
    plan: 'extreme',
    createdBy: world.ownerB.userId,
    platformRole: 'platform_admin',
    userId: world.ownerB.userId,
    id: injectedId,
    version: injectedVersion,
  };
}

/** Values only an applied extra could put in a response. */
const tellTales = (world: World) => [world.orgB.id, world.ownerB.userId!, 'extreme', 'INJECTED', `${injectedVersion}`];

/**
 * Memberships a route legitimately adds to the caller, by role. Any other new membership, or a changed
 * role in an existing one, means a client field was applied. Add your route here if it adds one.
 */
const addsMembership: Record<string, string> = {
  'POST /api/auth/signup': 'owner',
  'POST /api/orgs': 'owner',
  'POST /api/invitations/accept': 'member',
};
/** Routes whose purpose is to change the caller's own role (the rest must leave it alone). */
const changesOwnRole = new Set(['POST /api/orgs/:orgId/transfer-ownership']);
/** Routes after which the caller's account is gone, so there is no "me" to read back. */
const endsAccount = new Set(['DELETE /api/me']);

const actingPreference: readonly MatrixRole[] = ['owner', 'admin', 'platform_admin', 'member', 'anonymous'];

const isSuccess = (status: number) => status >= 200 && status < 300;

function actingRole(row: MatrixRow): MatrixRole {
  const role = actingPreference.find((r) => isSuccess(row.expect[r]));
  if (!role) throw new Error(`${routeKey(row)}: no role succeeds, so mass assignment cannot be tested`);
  return role;
}

interface MeBody {
  user: { id: string; platformRole?: string | null };
  memberships: { organizationId: string; role: string; plan: string }[];
}

async function memberships(caller: Caller): Promise<Map<string, { role: string; plan: string }>> {
  if (!caller.accessToken) return new Map();
  const me = await world.me(caller);
  return new Map(me.memberships.map((m) => [m.organizationId, { role: m.role, plan: m.plan }]));
}

async function orgBState() {
  const org = await sendOk(world.ownerB, 'GET', { path: `/api/orgs/${world.orgB.id}` }, 200);
  const members = await sendOk(world.ownerB, 'GET', { path: `/api/orgs/${world.orgB.id}/members` }, 200);
  return { org, members };
}

async function orgAPlan(): Promise<string> {
  const org = await sendOk<{ plan: string }>(world.callers.owner, 'GET', { path: `/api/orgs/${world.orgA.id}` }, 200);
  return org.plan;
}

// Every row that may carry a body: a body-less DELETE gets the extras alone and must ignore them too.
const candidates = authorizationMatrix.filter((row) => row.method !== 'GET');

describe.each(candidates.map((row) => ({ key: routeKey(row), row })))('$key', ({ key, row }) => {
  it('rejects or ignores fields the client may not set', { timeout: 60_000 }, async () => {
    const role = actingRole(row);
    const caller = row.freshCallers?.includes(role) ? await world.freshCaller(role) : world.callers[role];
    const spec = await row.request({ world, caller });
    // A route without a body gets the extras alone: they must be ignored there too.
    expect(typeof (spec.body ?? {}), 'matrix bodies are JSON objects').toBe('object');
    const valid = (spec.body ?? {}) as Record<string, unknown>;
    // Keys the route legitimately takes stay as the valid body has them.
    const extras = Object.fromEntries(Object.entries(injected(world)).filter(([name]) => !(name in valid)));

    const membershipsBefore = await memberships(caller);
    const orgBBefore = await orgBState();
    const planABefore = await orgAPlan();

    const res = await send(caller, row.method, { ...spec, body: { ...valid, ...extras } });
    const text = await res.text();
    if (res.status === 400) {
      expect(JSON.parse(text).error.code).toBe('invalid_input');
    } else {
      expect(res.status, text.slice(0, 300)).toBe(row.expect[role]);
      for (const tale of tellTales(world)) expect(text, `${key} echoed an injected value`).not.toContain(tale);
    }

    // Read back: the caller (with the new session when the route returned one).
    if (!endsAccount.has(key)) {
      const returned = text ? (JSON.parse(text) as { accessToken?: string }) : {};
      const readAs: Caller = returned.accessToken
        ? { ...caller, accessToken: returned.accessToken, activeOrgId: undefined }
        : caller;
      const me = (await world.me(readAs)) as MeBody;
      if (role !== 'platform_admin') expect(me.user.platformRole ?? null, 'platformRole applied').toBeNull();
      const after = new Map(me.memberships.map((m) => [m.organizationId, { role: m.role, plan: m.plan }]));
      expect(after.has(world.orgB.id), 'joined organisation B').toBe(false);
      const added = [...after.keys()].filter((orgId) => !membershipsBefore.has(orgId));
      if (res.status !== 400) {
        // The membership the route exists to add lands on the caller, not on an injected userId.
        expect(added.length, `new memberships after ${key}`).toBe(key in addsMembership ? 1 : 0);
      }
      for (const [orgId, membership] of after) {
        expect(membership.plan, `plan applied to ${orgId}`).not.toBe('extreme');
        const earlier = membershipsBefore.get(orgId);
        if (earlier && !changesOwnRole.has(key)) expect(membership.role, `role changed in ${orgId}`).toBe(earlier.role);
        if (!earlier && res.status !== 400) {
          expect(membership.role, `new membership in ${orgId}`).toBe(addsMembership[key] ?? 'no new membership');
        }
      }
    }
    // Read back: the other tenant and organisation A's plan.
    expect(await orgBState()).toEqual(orgBBefore);
    expect(await orgAPlan()).toBe(planABefore);
  });
});

it('covers at least every identity route with a body', () => {
  // Guards the filter above: these routes take bodies in the agreed list.
  const keys = new Set(candidates.map(routeKey));
  for (const key of [
    'POST /api/auth/signup',
    'POST /api/orgs',
    'PATCH /api/orgs/:orgId',
    'PATCH /api/orgs/:orgId/members/:userId',
    'POST /api/orgs/:orgId/invitations',
    'POST /api/invitations/accept',
    'PUT /api/admin/organizations/:orgId/plan',
    'PATCH /api/me',
    'DELETE /api/me',
  ]) {
    expect(keys.has(key), key).toBe(true);
  }
});
