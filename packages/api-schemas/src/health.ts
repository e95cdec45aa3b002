/** Probe responses: liveness (`/api/health`, no I/O) and readiness (`/api/ready`, checks the item store). */
import { z } from 'zod';

export const HealthResponse = z
  .object({
    status: z.literal('ok'),
    uptimeSeconds: z.number().nonnegative(),
  })
  .meta({ id: 'HealthResponse' });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const ReadyResponse = z
  .object({
    status: z.literal('ready'),
    checks: z.object({ itemStore: z.literal('ok') }),
  })
  .meta({ id: 'ReadyResponse' });
export type ReadyResponse = z.infer<typeof ReadyResponse>;
