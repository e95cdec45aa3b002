/** Conservative browser security headers on every response, API and web app alike. */
import type { MiddlewareHandler } from 'hono';
import { nodeResponse } from './response-header.ts';

const headers: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['cross-origin-opener-policy', 'same-origin'],
];

export function securityHeaders(): MiddlewareHandler {
  return (c, next) => {
    const outgoing = nodeResponse(c);
    if (outgoing) {
      // The Node server writes these into every response, raw ones included: nothing left to do after.
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      return next();
    }
    for (const [name, value] of headers) c.header(name, value);
    return next().then(() => {
      // Raw Response objects (static files, streams) do not inherit prepared headers.
      if (!c.res.headers.has('x-content-type-options')) for (const [name, value] of headers) c.header(name, value);
    });
  };
}
