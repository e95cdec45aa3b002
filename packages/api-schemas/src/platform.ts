/** The platform record written by the seed step: which installation this is and how it was seeded. */
import { z } from 'zod';

export const PlatformResponse = z
  .object({
    name: z.string(),
    instanceId: z.string(),
    schemaVersion: z.number().int().positive(),
    seededAt: z.iso.datetime(),
    demoData: z.boolean(),
  })
  .meta({ id: 'PlatformResponse' });
export type PlatformResponse = z.infer<typeof PlatformResponse>;
