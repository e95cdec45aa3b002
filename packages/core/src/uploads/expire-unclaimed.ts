/**
 * Part of the `uploads.sweep` job: ready files of `holdUntilClaimed` owners (community's post
 * attachments) that nobody claimed within `unclaimedMaxAgeMs` (24 h) of becoming ready are expired:
 * the upload becomes `rejected` with reason `unclaimed` and gives its storage back in one transaction
 * conditioned on it still being unclaimed, then its objects are deleted through the BlobStore port (the
 * same on the local folder and on S3). A claim that commits first wins; a claim after the expiry fails
 * its own condition. The rejected record keeps answering "expired" for a week, then the item store's
 * TTL removes it.
 */
import { sweepIndex } from './index-sweep.ts';
import { unclaimedUploadsIndex } from './keys.ts';
import { rejectUpload } from './process-upload.ts';
import type { UploadsDeps } from './uploads-deps.ts';

/** Expires up to `max` unclaimed files that became ready before `cutoffMs`; returns how many. */
export function expireUnclaimedUploads(deps: UploadsDeps, cutoffMs: number, max: number): Promise<number> {
  return sweepIndex(deps, unclaimedUploadsIndex, cutoffMs, max, async (record) =>
    Boolean(await rejectUpload(deps, record, 'unclaimed', 'unclaimed')),
  );
}
