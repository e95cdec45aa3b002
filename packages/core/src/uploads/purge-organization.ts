/**
 * A deleted organisation (by its owner, or with its last member's account): every file uploaded in
 * it — module assets, post attachments, thumbnails, in-flight uploads — is deleted from the blob store,
 * then the upload records. Run by identity's organisation purge, and as the `uploads.purge-organization`
 * job the account-deletion hook sends (both wired in apps/api/src/deps.ts): idempotent and ordered
 * (objects first, then the record that finds them), so a retried run after a crash finishes the work.
 * Last, anything still under the organisation's `orgs/<orgId>/` prefix (what an earlier failed delete
 * may have left) goes. No storage is given back: the usage counter belongs to the deleted organisation
 * and is deleted too.
 */
import type { JobQueue } from '../ports/job-queue.ts';
import { AppError } from '../shared/errors.ts';
import { storageUsageKey, uploadPartition } from './keys.ts';
import type { UploadRecord } from './upload-record.ts';
import { type UploadsDeps, uploadJobTypes } from './uploads-deps.ts';

export async function schedulePurgeOfOrganization(queue: JobQueue, organizationId: string): Promise<void> {
  await queue.send(
    { type: uploadJobTypes.purgeOrganization, payload: { organizationId } },
    { dedupeKey: `org-uploads:${organizationId}` },
  );
}

export async function purgeOrganizationUploads(deps: UploadsDeps, payload: unknown): Promise<number> {
  const organizationId = (payload as { organizationId?: unknown } | null)?.organizationId;
  if (typeof organizationId !== 'string' || organizationId.length === 0) {
    throw AppError.invalidInput(`${uploadJobTypes.purgeOrganization} needs organizationId`);
  }
  let removed = 0;
  for (;;) {
    // Each pass deletes what it read, so the first page is always what is left.
    const page = await deps.store.query<UploadRecord>({ pk: uploadPartition(organizationId), limit: 100 });
    if (page.items.length === 0) break;
    for (const item of page.items) {
      const record = item.data;
      for (const key of [record.tempKey, record.key, record.thumbnailKey]) {
        if (key) await deps.blobs.delete(key);
      }
      await deps.store.delete({ pk: item.pk, sk: item.sk });
      removed += 1;
    }
  }
  for (;;) {
    const page = await deps.blobs.list(`orgs/${organizationId}/`, { limit: 1000 });
    if (page.items.length === 0) break;
    for (const blob of page.items) await deps.blobs.delete(blob.key);
  }
  await deps.store.delete(storageUsageKey(organizationId));
  return removed;
}
