/** Probes: `/api/health` says the process is alive (no I/O); `/api/ready` says it can reach its store. */
import { ApiErrorBody, HealthResponse, ReadyResponse } from '@diatonic/api-schemas';
import { AppError, type Clock, type ItemStore } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { requestIdOf } from '../http/request-frame.ts';

const readyTimeoutMs = 2_000;

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['platform'],
  summary: 'Liveness probe',
  responses: {
    200: { description: 'The process is alive', content: { 'application/json': { schema: HealthResponse } } },
  },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/api/ready',
  tags: ['platform'],
  summary: 'Readiness probe: checks the item store',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: ReadyResponse } } },
    503: { description: 'The item store is unreachable', content: { 'application/json': { schema: ApiErrorBody } } },
  },
});

async function pingWithin(store: ItemStore, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`ping took longer than ${ms} ms`)), ms);
  });
  try {
    await Promise.race([store.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes({ itemStore, clock, logger }: { itemStore: ItemStore; clock: Clock; logger: Logger }) {
  const startedAtMs = clock.nowMs();
  return new OpenAPIHono<AppEnv>()
    .openapi(healthRoute, (c) =>
      c.json({ status: 'ok' as const, uptimeSeconds: Math.floor((clock.nowMs() - startedAtMs) / 1000) }, 200),
    )
    .openapi(readyRoute, async (c) => {
      try {
        await pingWithin(itemStore, readyTimeoutMs);
      } catch (cause) {
        logger.warn({ err: cause, requestId: requestIdOf(c) }, 'readiness check failed');
        throw new AppError('unavailable', 'The item store is not reachable', { cause });
      }
      return c.json({ status: 'ready' as const, checks: { itemStore: 'ok' as const } }, 200);
    });
}
