/**
 * The organisation's storage quota (plans.ts `storageBytes`), enforced by reservation: a request adds
 * its declared size to `committedBytes` with a condition that keeps the sum within the plan, so two
 * concurrent uploads cannot both squeeze under the limit; a rejected or abandoned upload gives its
 * bytes back in the same transaction that ends it. Thumbnails are not counted.
 */
import { type PlanId, quotasByPlan } from '../identity/plans.ts';
import type { ItemStore, TransactOperation } from '../ports/item-store.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { storageUsageKey } from './keys.ts';

interface UsageData extends Record<string, unknown> {
  committedBytes: number;
}

function quotaExceeded(limit: number, used: number, sizeBytes: number): AppError {
  return new AppError('payload_too_large', "The organisation's storage quota would be exceeded", {
    details: { reason: 'storage_quota', limitBytes: limit, usedBytes: used, requestedBytes: sizeBytes },
  });
}

/** Adds `sizeBytes` to the organisation's committed storage, or throws payload_too_large (413) changing nothing. */
export async function reserveStorage(store: ItemStore, orgId: string, plan: PlanId, sizeBytes: number): Promise<void> {
  const limit = quotasByPlan[plan].storageBytes;
  const key = storageUsageKey(orgId);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (limit === null) {
      await store.update<UsageData>(key, { add: { committedBytes: sizeBytes } });
      return;
    }
    try {
      await store.update<UsageData>(key, {
        add: { committedBytes: sizeBytes },
        condition: [{ kind: 'compare', field: 'committedBytes', op: '<=', value: limit - sizeBytes }],
      });
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    // The condition fails on a missing item too (comparisons on missing fields are false): create it.
    const current = await store.get<UsageData>(key);
    if (current) {
      if (current.data.committedBytes + sizeBytes > limit)
        throw quotaExceeded(limit, current.data.committedBytes, sizeBytes);
      continue;
    }
    if (sizeBytes > limit) throw quotaExceeded(limit, 0, sizeBytes);
    try {
      await store.put<UsageData>(
        { ...key, data: { committedBytes: sizeBytes } },
        { condition: [{ kind: 'notExists' }] },
      );
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw AppError.conflict('Storage usage changed too often; try again');
}

/** The transaction operation that gives `sizeBytes` back. */
export function releaseStorageOperation(orgId: string, sizeBytes: number): TransactOperation {
  return { kind: 'update', key: storageUsageKey(orgId), changes: { add: { committedBytes: -sizeBytes } } };
}

export async function committedStorage(store: ItemStore, orgId: string): Promise<number> {
  return (await store.get<UsageData>(storageUsageKey(orgId)))?.data.committedBytes ?? 0;
}
