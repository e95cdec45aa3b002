import { readdirSync, readFileSync } from 'node:fs';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectJson, signUp } from '../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../test/temp-platform.ts';
import { createApp } from './app.ts';
import { listRegisteredRoutes, type RegisteredRoute } from './authorization/registered-routes.ts';
import type { AppEnv } from './http/app-env.ts';
import { routeGroups, underPrefixes } from './route-groups.ts';

let platform: TempPlatform;

beforeAll(async () => {
  // BLOBS=local and the built-in auth: every group mounts everything it can (blob and password routes too).
  platform = await startTempPlatform();
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const keyOf = (route: RegisteredRoute) => `${route.method} ${route.path}`;
const routeKeys = (app: { routes: readonly RegisteredRoute[] }) => listRegisteredRoutes(app).routes.map(keyOf).sort();
/** A concrete path for a registered one (`/api/orgs/:orgId` → `/api/orgs/x`). */
const concrete = (path: string) => path.replace(/\/:[^/]+/g, '/x');

describe('route groups', () => {
  it('register routes only under their own prefixes (the lazy app loads a group by prefix)', async () => {
    for (const group of routeGroups) {
      const app = new OpenAPIHono<AppEnv>();
      (await group.load())(app, platform.deps);
      const keys = routeKeys(app);
      const outside = keys.filter((key) => !underPrefixes(key.split(' ')[1]!, group.prefixes));
      expect({ group: group.name, outside }).toEqual({ group: group.name, outside: [] });
      expect(keys.length, group.name).toBeGreaterThan(0);
    }
  });

  it('include every route file (a route file outside the table is served by neither app)', () => {
    const table = readFileSync(new URL('./route-groups.ts', import.meta.url), 'utf8');
    const routesDir = new URL('./routes/', import.meta.url);
    const routeFiles = readdirSync(routesDir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .filter((file) => /export function \w+Routes\(/.test(readFileSync(new URL(file, routesDir), 'utf8')));
    expect(routeFiles.length).toBeGreaterThan(15);
    const missing = routeFiles.filter((file) => !table.includes(`import('./routes/${file}')`));
    expect(missing, 'add the route file to a group in apps/api/src/route-groups.ts').toEqual([]);
    // app.ts mounts nothing from routes/ itself (only the table), so nothing bypasses the lazy loading.
    const appSource = readFileSync(new URL('./app.ts', import.meta.url), 'utf8');
    expect(appSource.match(/from '\.\/routes\/[\w-]+\.ts'/g)).toEqual(["from './routes/blob-paths.ts'"]);
  });
});

describe('the lazy app (API Lambda)', () => {
  it('starts with the probes only and ends up serving exactly the eager app’s routes', async () => {
    const eager = routeKeys(platform.app);
    const lazy = await createApp(platform.deps, { routes: 'lazy' });
    const atStart = routeKeys(lazy);
    expect(atStart).toContain('GET /api/health');
    expect(atStart).not.toContain('GET /api/me');
    expect(atStart.length).toBeLessThan(eager.length / 4);
    // OPTIONS matches no route: nothing runs, but the request's prefix loads its groups.
    for (const key of eager) {
      const response = await lazy.request(concrete(key.split(' ')[1]!), { method: 'OPTIONS' });
      expect([404, 405]).toContain(response.status);
    }
    expect(routeKeys(lazy)).toEqual(eager);
  });

  it('lists every route in /api/openapi.json before any other request', async () => {
    const lazy = await createApp(platform.deps, { routes: 'lazy' });
    const eagerDoc = await expectJson<{ paths: Record<string, unknown> }>(
      await platform.app.request('/api/openapi.json'),
      200,
    );
    const lazyDoc = await expectJson<{ paths: Record<string, unknown> }>(await lazy.request('/api/openapi.json'), 200);
    expect(Object.keys(lazyDoc.paths).sort()).toEqual(Object.keys(eagerDoc.paths).sort());
    expect(Object.keys(lazyDoc.paths).length).toBeGreaterThan(50);
  });

  it('answers as the eager app: first requests of a group, 405 with Allow, 404 outside every group', async () => {
    const lazy = await createApp(platform.deps, { routes: 'lazy' });
    const call = caller({ app: lazy });
    const user = await signUp(call, `lazy-${Date.now()}@example.com`);
    const me = await expectJson<{ user: { email: string } }>(
      await call('GET', '/api/auth/me', { token: user.accessToken }),
      200,
    );
    expect(me.user.email).toBe(user.email);
    const created = await expectJson<{ id: string }>(
      await call('POST', '/api/education/modules', {
        token: user.accessToken,
        orgId: user.personalOrgId,
        body: {
          title: 'Lazy loading',
          description: 'Mounted on its first request',
          contentType: 'text',
          difficulty: 'beginner',
        },
      }),
      201,
    );
    expect(created.id).toMatch(/^mod_/);
    const wrongMethod = await call('DELETE', '/api/notifications/unread-count', { token: user.accessToken });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    const unknown = await call('GET', '/api/nothing-here', { token: user.accessToken });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
