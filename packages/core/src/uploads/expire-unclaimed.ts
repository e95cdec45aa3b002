/**
 * Part of the `uploads.sweep` job: ready files of `holdUntilClaimed` owners (community's post
 * attachments) that nobody claimed within `unclaimedMaxAgeMs` (24 h) of becoming ready are expired:
 * the upload becomes `rejected` with reason `unclaimed` and gives its storage back in one transaction
 * conditioned on it still being unclaimed, then its objects are deleted through the BlobStore port (the
 * same on the local folder and on S3). A claim that commits first wins; a claim after the expiry fails
 * its own condition. The rejected record keeps answering "expired" for a week, then the item store's
 * TTL removes it.
 */
import { isoAt } from '../shared/clock.ts';
import { ConditionFailedError } from '../shared/errors.ts';
import { openUploadSortKey, unclaimedUploadsIndex, uploadKey } from './keys.ts';
import { releaseStorageOperation } from './storage-usage.ts';
import type { UploadRecord } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

/** How long an expired upload's record still explains why the file is gone. */
export const expiredRecordRetentionMs = 7 * 24 * 3600_000;

async function expireOne(deps: UploadsDeps, record: UploadRecord): Promise<boolean> {
  const nowMs = deps.clock.nowMs();
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: uploadKey(record.organizationId, record.uploadId),
        changes: {
          set: { status: 'rejected', reason: 'unclaimed', updatedAt: isoAt(nowMs) },
          remove: ['metadata', 'awaitingClaim'],
          index: { gsi1pk: null, gsi1sk: null },
          expiresAt: Math.floor((nowMs + expiredRecordRetentionMs) / 1000),
          condition: [
            { kind: 'compare', field: 'status', op: '=', value: 'ready' },
            { kind: 'fieldExists', field: 'awaitingClaim' },
          ],
        },
      },
      releaseStorageOperation(record.organizationId, record.sizeBytes),
    ]);
  } catch (error) {
    // Claimed (or discarded) meanwhile: it is not ours to expire.
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
  for (const key of [record.key, record.thumbnailKey, record.tempKey]) {
    // A failed delete leaves an object nothing points at; the record already says it is gone.
    if (key) await deps.blobs.delete(key).catch(() => false);
  }
  return true;
}

/** Expires up to `max` unclaimed files that became ready before `cutoffMs`; returns how many. */
export async function expireUnclaimedUploads(deps: UploadsDeps, cutoffMs: number, max: number): Promise<number> {
  let expired = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<UploadRecord>({
      index: 'gsi1',
      pk: unclaimedUploadsIndex,
      sk: { lt: openUploadSortKey(cutoffMs, '', '') },
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      if (await expireOne(deps, item.data)) expired += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && expired < max);
  return expired;
}
