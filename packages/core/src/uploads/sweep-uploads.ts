/**
 * The `uploads.sweep` job: uploads never completed (or stuck) for `tempMaxAgeMs` (24 h) are rejected
 * as `expired`, giving their storage back; ready files nobody claimed within `unclaimedMaxAgeMs` (24 h,
 * owners that `holdUntilClaimed`) are expired as `unclaimed` (expire-unclaimed.ts); and objects under
 * `uploads/temp/` older than `tempMaxAgeMs` are deleted, whatever their upload's fate. The Node server
 * sends this job periodically; on S3 a bucket lifecycle rule on `uploads/temp/` is the backstop for the
 * temp objects (unclaimed files live under their owner's prefix, so the sweep deletes them itself).
 */

import { expireUnclaimedUploads } from './expire-unclaimed.ts';
import { sweepIndex } from './index-sweep.ts';
import { openUploadsIndex, tempPrefix } from './keys.ts';
import { rejectUpload } from './process-upload.ts';
import type { UploadsDeps } from './uploads-deps.ts';

export interface SweepResult {
  expiredUploads: number;
  /** Ready files of `holdUntilClaimed` owners expired because nobody claimed them in time. */
  unclaimedUploads: number;
  deletedObjects: number;
}

/** Upper bound of one run, so a huge backlog is worked off over several runs instead of one long job. */
const maxPerRun = 1000;

export async function sweepUploads(deps: UploadsDeps): Promise<SweepResult> {
  const cutoffMs = deps.clock.nowMs() - deps.settings.tempMaxAgeMs;
  const expiredUploads = await sweepIndex(deps, openUploadsIndex, cutoffMs, maxPerRun, async (record) =>
    Boolean(await rejectUpload(deps, record, 'expired')),
  );

  const unclaimedUploads = await expireUnclaimedUploads(
    deps,
    deps.clock.nowMs() - deps.settings.unclaimedMaxAgeMs,
    maxPerRun,
  );

  let deletedObjects = 0;
  let blobCursor: string | undefined;
  do {
    const page = await deps.blobs.list(tempPrefix, { limit: 1000, ...(blobCursor ? { cursor: blobCursor } : {}) });
    for (const blob of page.items) {
      if (blob.lastModifiedMs < cutoffMs && (await deps.blobs.delete(blob.key))) deletedObjects += 1;
    }
    blobCursor = page.nextCursor ?? undefined;
  } while (blobCursor && deletedObjects < maxPerRun);
  return { expiredUploads, unclaimedUploads, deletedObjects };
}
