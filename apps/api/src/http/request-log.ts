/**
 * One structured log line per request: method, path (never the query string, which can carry
 * tokens), status, duration and request id. Bodies and headers are never logged, and neither is a
 * credential that travels in the path (the webhook trigger's secret).
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
      path: redactPath(c.req.path),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get('requestId'),
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}

/** `/api/hooks/{agentId}/{secret}`: the secret is the webhook's only credential; the agent id stays. */
export function redactPath(path: string): string {
  return path.replace(/^(\/api\/hooks\/[^/]+\/)[^/]+/, '$1[redacted]');
}
