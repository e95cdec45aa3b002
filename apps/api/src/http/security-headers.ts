/** Conservative browser security headers on every response, API and web app alike. */
import type { MiddlewareHandler } from 'hono';

const headers: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['cross-origin-opener-policy', 'same-origin'],
];

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, value] of headers) c.header(name, value);
    await next();
    if (!c.res.headers.has('x-content-type-options')) for (const [name, value] of headers) c.header(name, value);
  };
}
