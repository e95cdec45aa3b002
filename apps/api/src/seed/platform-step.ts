/** Seed step: the platform record (see platform/platform-record.ts). */
import { ConditionFailedError, isoAt } from '@diatonic/core';
import { type PlatformRecord, platformKey, platformSchemaVersion } from '../platform/platform-record.ts';
import type { SeedStep } from './seed-step.ts';

export const platformStep: SeedStep = {
  id: 'platform-record',
  async run({ itemStore, clock, ids, demoData }) {
    const record: PlatformRecord = {
      name: 'Diatonic AI Platform',
      instanceId: ids.next('plt'),
      schemaVersion: platformSchemaVersion,
      seededAt: isoAt(clock.nowMs()),
      demoData,
    };
    try {
      await itemStore.put({ ...platformKey, data: record }, { condition: [{ kind: 'notExists' }] });
    } catch (err) {
      // Written by an earlier, interrupted run or a concurrent one: the first record stays.
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  },
};
