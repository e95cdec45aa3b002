/**
 * Account deletion, files: every file a deleted user uploaded for posts (post attachments, with their
 * thumbnails; in flight, waiting to be claimed or on posts) is removed from the blob store, in every
 * organisation they were in — including posts that stay as "Deleted user": their text is kept for the
 * thread, their files are not (photos and documents are personal data more often than replies are, and
 * they can carry metadata such as a photo's location that anonymising the author does not remove).
 *
 * Durable: the deletion hook sends one `community.purge-account-files` job per account *before* it
 * changes anything, and this handler does the work. It is idempotent and ordered so a retry after a
 * crash at any point finishes the job: for each upload found through the uploads owner index, the
 * file leaves its post first, then the attachment record goes, and the upload (record, objects,
 * storage) is discarded last — which takes it out of the index the next pass reads.
 */
import type { JobQueue } from '../ports/job-queue.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { attachmentOwnerKind } from './attachments.ts';
import type { CommunityDeps } from './community-deps.ts';
import { attachmentKey, postKey } from './keys.ts';
import type { AttachmentRecord, PostRecord } from './records.ts';

export const purgeAccountFilesJob = 'community.purge-account-files';

export interface PurgeAccountFilesPayload {
  userId: string;
  organizationIds: string[];
}

/** Sends the job; deduplicated per account, so a retried deletion queues it once. */
export async function schedulePurgeOfAccountFiles(jobs: JobQueue, payload: PurgeAccountFilesPayload): Promise<void> {
  await jobs.send({ type: purgeAccountFilesJob, payload }, { dedupeKey: `account-files:${payload.userId}` });
}

function checkPayload(payload: unknown): PurgeAccountFilesPayload {
  const p = payload as Partial<PurgeAccountFilesPayload> | null;
  const fine =
    typeof p?.userId === 'string' &&
    Array.isArray(p.organizationIds) &&
    p.organizationIds.every((id) => typeof id === 'string');
  if (!fine) throw AppError.invalidInput(`${purgeAccountFilesJob} needs userId and organizationIds`);
  return { userId: p.userId as string, organizationIds: p.organizationIds as string[] };
}

/** Takes the file off its post (if the post still carries it); idempotent, retried on a concurrent change. */
async function detachFromPost(deps: CommunityDeps, orgId: string, postId: string, uploadId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const post = await deps.store.get<PostRecord>(postKey(orgId, postId));
    const attachments = post?.data.attachments ?? [];
    if (!post || !attachments.some((a) => a.uploadId === uploadId)) return;
    try {
      await deps.store.update<PostRecord>(postKey(orgId, postId), {
        set: { attachments: attachments.filter((a) => a.uploadId !== uploadId) },
        condition: [{ kind: 'versionEquals', version: post.version }],
      });
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw new AppError('unavailable', `Post ${postId} kept changing while its files were removed`);
}

async function purgeIn(deps: CommunityDeps, orgId: string, userId: string): Promise<number> {
  const uploads = deps.uploads;
  if (!uploads) return 0;
  let removed = 0;
  const tried = new Set<string>();
  for (;;) {
    const ids = await uploads.ownedBy(orgId, attachmentOwnerKind, userId, 100);
    const fresh = ids.filter((id) => !tried.has(id));
    if (fresh.length === 0) {
      // Whatever is still listed could not be discarded (it kept changing state): let the queue retry.
      if (ids.length > 0)
        throw new AppError('unavailable', `${ids.length} files of ${userId} could not be removed yet`);
      return removed;
    }
    for (const uploadId of fresh) {
      tried.add(uploadId);
      const key = attachmentKey(orgId, uploadId);
      const attachment = await deps.store.get<AttachmentRecord>(key);
      if (attachment?.data.postId) await detachFromPost(deps, orgId, attachment.data.postId, uploadId);
      await deps.store.delete(key);
      if (await uploads.discard(orgId, uploadId)) removed += 1;
    }
  }
}

/** The job handler: every organisation in the payload; returns how many uploads were discarded. */
export async function purgeAccountFiles(deps: CommunityDeps, payload: unknown): Promise<number> {
  const { userId, organizationIds } = checkPayload(payload);
  let removed = 0;
  for (const orgId of organizationIds) removed += await purgeIn(deps, orgId, userId);
  return removed;
}
