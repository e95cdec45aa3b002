import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationMatrix, type MatrixRow, routeKey } from './authorization-matrix.ts';
import { buildWorld, type Caller, type MatrixRole, matrixRoles, send, type World } from './fixture-world.ts';
import { listRegisteredRoutes } from './registered-routes.ts';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 180_000);

afterAll(async () => {
  await world?.close();
});

/** The error code each refusal must carry, so a 404 for a missing route never passes as a tenant 404. */
const codeByStatus: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
};

const describeStatus = (status: number) => (status < 400 ? `${status}` : `${status} ${codeByStatus[status] ?? '?'}`);

async function callerFor(row: MatrixRow, role: MatrixRole): Promise<Caller> {
  return row.freshCallers?.includes(role) ? world.freshCaller(role) : world.callers[role];
}

describe('route coverage', () => {
  it('has a row for every registered route and a registered route for every row', () => {
    const { routes, suspicious } = listRegisteredRoutes(world.app);
    const registered = new Set(routes.map(routeKey));
    const rows = new Set(authorizationMatrix.map(routeKey));
    const routesWithoutRow = [...registered].filter((key) => !rows.has(key)).sort();
    const rowsWithoutRoute = [...rows].filter((key) => !registered.has(key)).sort();
    expect(
      { routesWithoutRow, rowsWithoutRoute, suspicious },
      'add a row to apps/api/src/authorization/authorization-matrix.ts for every new route',
    ).toEqual({ routesWithoutRow: [], rowsWithoutRoute: [], suspicious: [] });
  });

  it('has one row per route', () => {
    const keys = authorizationMatrix.map(routeKey);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it('refuses anonymous callers on every route not marked public, and lets them through on public ones', () => {
    const wrong = authorizationMatrix
      .filter((row) => (row.public ? row.expect.anonymous >= 400 : row.expect.anonymous !== 401))
      .map(routeKey);
    expect(wrong).toEqual([]);
  });
});

describe.each(authorizationMatrix.map((row) => ({ key: routeKey(row), row })))('$key', ({ row }) => {
  it('answers every role as the matrix says', { timeout: 90_000 }, async () => {
    // Victims and fresh callers are made first (in parallel: password hashing dominates), then the
    // requests go out one at a time so no cell races another.
    const callers = await Promise.all(matrixRoles.map((role) => callerFor(row, role)));
    const specs = await Promise.all(callers.map((caller) => row.request({ world, caller })));
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    const bodies: string[] = [];
    for (const [i, role] of matrixRoles.entries()) {
      const spec = specs[i]!;
      const res = await send(callers[i]!, row.method, spec);
      const text = await res.text();
      let shown = `${res.status}`;
      if (res.status >= 400) {
        let code = '?';
        try {
          code = (JSON.parse(text) as { error: { code: string } }).error.code;
        } catch {}
        shown = `${res.status} ${code}`;
      }
      actual[role] = shown;
      expected[role] = describeStatus(row.expect[role]);
      if (actual[role] !== expected[role]) bodies.push(`${role} ${row.method} ${spec.path}: ${text.slice(0, 300)}`);
    }
    expect(actual, bodies.join('\n')).toEqual(expected);
  });
});

describe('DELETE /api/orgs/:orgId/members/:userId on oneself (leaving)', () => {
  // The matrix row removes someone else; removing yourself is leaving, which every member may do.
  it.each(['member', 'instructor', 'moderator', 'admin', 'owner'] as const)('role %s may leave', async (role) => {
    // The owner is a co-owner of A, so A keeps an owner.
    const caller = await world.freshCaller(role);
    const path = `/api/orgs/${world.orgA.id}/members/${caller.userId}`;
    const res = await send(caller, 'DELETE', { path });
    expect(res.status, await res.clone().text()).toBe(204);
    // Gone at once: the same token can no longer act in A.
    const after = await send(caller, 'GET', { path: `/api/orgs/${world.orgA.id}` });
    expect(after.status).toBe(403);
  });
});
