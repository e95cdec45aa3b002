/** `GET /api/platform`: the platform record, read through the item store (also the benchmark's read route). */
import { ApiErrorBody, PlatformResponse } from '@diatonic/api-schemas';
import { AppError, type ItemStore } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { readPlatformRecord } from '../platform/platform-record.ts';

const platformRoute = createRoute({
  method: 'get',
  path: '/api/platform',
  tags: ['platform'],
  summary: 'Describe this installation',
  responses: {
    200: { description: 'The platform record', content: { 'application/json': { schema: PlatformResponse } } },
    404: {
      description: 'Not seeded yet (run `diatonic seed`)',
      content: { 'application/json': { schema: ApiErrorBody } },
    },
  },
});

export function platformRoutes({ itemStore }: { itemStore: ItemStore }) {
  return new OpenAPIHono<AppEnv>().openapi(platformRoute, async (c) => {
    const record = await readPlatformRecord(itemStore);
    if (!record) throw new AppError('not_found', 'The platform has not been seeded yet; run `diatonic seed`');
    const { name, instanceId, schemaVersion, seededAt, demoData } = record;
    return c.json({ name, instanceId, schemaVersion, seededAt, demoData }, 200);
  });
}
