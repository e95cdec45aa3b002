/**
 * Tenant isolation: everything in organisation A is invisible to the owner of organisation B. With B
 * active and A's ids in the path, A's resources do not exist (404, not 403: a 403 would confirm them);
 * naming A in `X-Organization-Id` is refused for the header itself (403, B is no member of A); A's ids
 * under B's own path do not exist either (404). Routes that act in the active organisation name none
 * in the path, so for them only the forged header is an attempt on A (403). A's owner then reads the
 * resource back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type Caller, send, type World } from './fixture-world.ts';
import { type ResourceIds, type TenantRequest, tenantResources } from './tenant-resources.ts';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 180_000);

afterAll(async () => {
  await world?.close();
});

interface Attempt {
  variant: string;
  caller: Caller;
  request: TenantRequest;
  status: number;
  code: string;
}

function forgedHeaderOnly(ids: ResourceIds, requests: TenantRequest[]): Attempt[] {
  return requests.map((request) => ({
    variant: 'X-Organization-Id forged to A',
    caller: { ...world.ownerB, activeOrgId: ids.orgId },
    request,
    status: 403,
    code: 'forbidden',
  }));
}

function attemptsFor(ids: ResourceIds, requests: TenantRequest[]): Attempt[] {
  const ownerB = world.ownerB;
  const attempts: Attempt[] = [];
  const nestedIds = Object.entries(ids)
    .filter(([name]) => name !== 'orgId')
    .map(([, id]) => id);
  for (const request of requests) {
    attempts.push({
      variant: 'B active, A ids in the path',
      caller: { ...ownerB, activeOrgId: world.orgB.id },
      request,
      status: 404,
      code: 'not_found',
    });
    attempts.push({
      variant: 'no X-Organization-Id, A ids in the path',
      caller: { ...ownerB, activeOrgId: undefined },
      request,
      status: 404,
      code: 'not_found',
    });
    attempts.push({
      variant: 'X-Organization-Id forged to A',
      caller: { ...ownerB, activeOrgId: ids.orgId },
      request,
      status: 403,
      code: 'forbidden',
    });
    // A's member / invitation ids under B's own organisation: they must not be found there either.
    const orgPrefix = `/api/orgs/${ids.orgId}`;
    const pathOnly = request.path.split('?')[0]!;
    if (pathOnly.startsWith(orgPrefix) && nestedIds.some((id) => pathOnly.includes(id))) {
      attempts.push({
        variant: "A's ids under B's organisation",
        caller: { ...ownerB, activeOrgId: world.orgB.id },
        request: { ...request, path: `/api/orgs/${world.orgB.id}${request.path.slice(orgPrefix.length)}` },
        status: 404,
        code: 'not_found',
      });
    }
  }
  return attempts;
}

describe.each(tenantResources.map((resource) => ({ name: resource.name, resource })))(
  '$name of organisation A',
  ({ resource }) => {
    it('does not exist for the owner of organisation B, and stays unchanged', { timeout: 60_000 }, async () => {
      const ids = await resource.create(world);
      const before = await resource.snapshot(world, ids);
      const wrong: string[] = [];
      const requests = resource.requests(ids, world);
      const attempts = resource.activeOrgScoped ? forgedHeaderOnly(ids, requests) : attemptsFor(ids, requests);
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) {
        const res = await send(attempt.caller, attempt.request.method, attempt.request);
        const text = await res.text();
        let code = '?';
        try {
          code = (JSON.parse(text) as { error: { code: string } }).error.code;
        } catch {}
        if (res.status !== attempt.status || code !== attempt.code) {
          wrong.push(
            `${attempt.request.action} ${attempt.request.method} ${attempt.request.path} (${attempt.variant}): ` +
              `expected ${attempt.status} ${attempt.code}, got ${res.status} ${text.slice(0, 200)}`,
          );
        }
      }
      expect(wrong).toEqual([]);
      expect(await resource.snapshot(world, ids)).toEqual(before);
    });
  },
);

describe('the same attempts from a member of organisation A', () => {
  // The control: the requests above are valid ones, so their refusal is tenancy and not a bad request.
  it.each(tenantResources.map((resource) => ({ name: resource.name, resource })))(
    '$name: A’s owner can read it',
    async ({ resource }) => {
      const ids = await resource.create(world);
      for (const request of resource.requests(ids, world).filter((r) => r.action === 'read')) {
        const res = await send(world.callers.owner, request.method, request);
        expect(res.status, `${request.method} ${request.path}: ${await res.clone().text()}`).toBe(200);
      }
    },
  );
});

describe('audit entries', () => {
  it('cannot be edited or deleted through the API by anyone, the owner included', async () => {
    const orgId = world.orgA.id;
    const page = (await (
      await send(world.callers.owner, 'GET', { path: `/api/orgs/${orgId}/audit?limit=1` })
    ).json()) as { items: { id: string }[] };
    const entryId = page.items[0]?.id;
    expect(entryId).toBeTruthy();
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      for (const path of [`/api/orgs/${orgId}/audit`, `/api/orgs/${orgId}/audit/${entryId}`]) {
        const res = await send(world.callers.owner, method, { path, body: {} });
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    }
  });
});
