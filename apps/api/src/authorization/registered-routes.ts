/**
 * The routes an app really serves, read from Hono's `app.routes`. Middleware (`app.use`) is registered
 * there too, as method `ALL`; those entries are dropped. An `ALL` entry on a path that no concrete route
 * uses and that is not a wildcard would be an `app.all()` route: it is reported, so it cannot hide.
 */

export interface RegisteredRoute {
  method: string;
  path: string;
}

export interface RouteListing {
  routes: RegisteredRoute[];
  /** `ALL` entries that do not look like middleware. */
  suspicious: RegisteredRoute[];
}

export function listRegisteredRoutes(app: { routes: readonly RegisteredRoute[] }): RouteListing {
  const concrete = app.routes.filter((r) => r.method !== 'ALL');
  const concretePaths = new Set(concrete.map((r) => r.path));
  const suspicious = app.routes.filter(
    (r) => r.method === 'ALL' && !r.path.endsWith('*') && !concretePaths.has(r.path),
  );
  // Hono lists a route once per handler (and once per `get('*')` block); one row covers them all.
  const seen = new Map<string, RegisteredRoute>();
  for (const r of concrete) seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  return { routes: [...seen.values()], suspicious };
}
