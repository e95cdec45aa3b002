/**
 * Unknown routes answer 404 `not_found` in the error envelope. A known API path asked with the wrong
 * method answers 405 `method_not_allowed` with an `Allow` header listing the methods it does take.
 */
import { AppError } from '@diatonic/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { errorResponse } from './error-response.ts';

interface RouteInfo {
  method: string;
  path: string;
}

function toPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => {
      if (part === '*') return '.*';
      const param = /^:[^{]+(?:\{(.+)\})?\??$/.exec(part);
      if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** `routes` is read lazily (Hono's `app.routes`) so routes added after the app was built count too. */
export function createNotFoundHandler(routes: () => readonly RouteInfo[], apiPrefix = '/api') {
  let table: { pattern: RegExp; method: string }[] | undefined;
  let builtFrom = -1;
  return (c: Context<AppEnv>): Response => {
    const path = c.req.path;
    // Hono answers HEAD with the GET route, so HEAD counts as GET here too.
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const shown = `${c.req.method.slice(0, 20)} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`;
    if (path === apiPrefix || path.startsWith(`${apiPrefix}/`)) {
      const all = routes();
      if (!table || builtFrom !== all.length) {
        // Middleware is registered as method ALL; only concrete methods describe what a path accepts.
        table = all
          .filter((r) => r.method !== 'ALL' && r.path.startsWith(apiPrefix) && !r.path.endsWith('*'))
          .map((r) => ({ pattern: toPattern(r.path), method: r.method }));
        builtFrom = all.length;
      }
      const allowed = new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method));
      // A route for this very method that passed the request on (e.g. an unknown docs asset) means 404.
      if (allowed.size > 0 && !allowed.has(method)) {
        if (allowed.has('GET')) allowed.add('HEAD');
        c.header('allow', [...allowed].sort().join(', '));
        return errorResponse(
          c,
          new AppError('method_not_allowed', `${shown}: method not allowed`, {
            details: { allowed: [...allowed].sort() },
          }),
        );
      }
    }
    return errorResponse(c, new AppError('not_found', `No route for ${shown}`));
  };
}
