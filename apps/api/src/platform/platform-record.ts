/**
 * The platform record: one item describing this installation (name, instance id, data schema version,
 * when it was seeded, whether demo data was loaded). Written once by the seed step, read by
 * `GET /api/platform`. Its key lives here and nowhere else.
 */
import type { ItemKey, ItemStore } from '@diatonic/core';

export const platformKey: ItemKey = { pk: 'PLATFORM', sk: 'PLATFORM' };

/** Version of the stored data layout; a data migration bumps it. */
export const platformSchemaVersion = 1;

export interface PlatformRecord {
  [field: string]: unknown;
  name: string;
  instanceId: string;
  schemaVersion: number;
  seededAt: string;
  demoData: boolean;
}

export async function readPlatformRecord(store: ItemStore): Promise<PlatformRecord | undefined> {
  const item = await store.get<PlatformRecord>(platformKey);
  return item?.data;
}
