/**
 * For owners: forget an upload and its files, giving its storage back, e.g. when a module is deleted
 * or a section's asset is replaced. The owner has authorised the caller already, so this takes the
 * organisation, not an actor. Idempotent: an unknown upload is `false`.
 *
 * The objects go first and a failed delete throws, leaving the record: the record is what finds the
 * objects again, so a caller that retries (account deletion's queued purge) always finishes the job.
 */
import type { ConditionClause } from '../ports/item-store.ts';
import { ConditionFailedError } from '../shared/errors.ts';
import { uploadKey } from './keys.ts';
import { releaseStorageOperation } from './storage-usage.ts';
import type { UploadRecord } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

export async function discardUpload(deps: UploadsDeps, organizationId: string, uploadId: string): Promise<boolean> {
  const key = uploadKey(organizationId, uploadId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await deps.store.get<UploadRecord>(key);
    if (!item) return false;
    const record = item.data;
    // Rejected uploads gave their bytes back when they were rejected; every other state still holds them.
    const holdsStorage = record.status !== 'rejected';
    const unchanged: ConditionClause[] = [{ kind: 'versionEquals', version: item.version }];
    for (const blobKey of [record.tempKey, record.key, record.thumbnailKey]) {
      if (blobKey) await deps.blobs.delete(blobKey);
    }
    try {
      await deps.store.transact([
        { kind: 'delete', key, condition: unchanged },
        ...(holdsStorage ? [releaseStorageOperation(organizationId, record.sizeBytes)] : []),
      ]);
    } catch (error) {
      // It changed state meanwhile (processed, rejected): look again.
      if (error instanceof ConditionFailedError) continue;
      throw error;
    }
    return true;
  }
  return false;
}
