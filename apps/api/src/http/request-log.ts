/**
 * One structured log line per request: method, path (never the query string, which can carry
 * tokens), status, duration and request id. Bodies and headers are never logged.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Logger } from './app-env.ts';

export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get('requestId'),
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
