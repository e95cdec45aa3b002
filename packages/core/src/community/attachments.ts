/**
 * Post attachments through the generic uploads pipeline (core/src/uploads). A member uploads first
 * (owner kind `post-attachment`, owner id = their own user id: a post being written has no id yet),
 * the pipeline checks the file (type sniffed, size, image dimensions and a WebP thumbnail, PDF pages)
 * and hands it to `attach`, which records it here, unclaimed. Creating or editing a post names upload
 * ids in `attachments`; each is claimed by that post in the post's own transaction, so one file belongs
 * to at most one post and deleting a post discards only its own files.
 *
 *   another organisation's upload, someone else's, or no such upload  → 404
 *   an upload still pending or processing                             → 409 attachment_not_ready
 *   an upload the pipeline refused                                    → 422 attachment_rejected
 *   an upload another post already claimed                            → 409 attachment_in_use
 *   an upload left unattached past its 24 h                           → 410 attachment_expired
 *
 * Expiry (`holdUntilClaimed`): a file not attached to a post within 24 h of becoming ready is
 * expired. Its attachment record carries the item store's TTL (`expiresAt` = the pipeline's
 * `claimByMs`), so from that moment it can no longer be claimed; the uploads sweep then deletes the
 * objects and gives the storage back. A claim removes the TTL and claims the upload in the post's
 * transaction, so an attached file is never swept. Files stay under the author's prefix while they
 * wait (not `uploads/temp/`): moving them on claim would put a blob move, which no transaction covers,
 * between saving the post and the file being where the post says it is; the sweep deletes them through
 * the BlobStore port on the local folder and on S3 alike.
 *
 * How many files a post may carry is moderation's trust-level limit (new members 1, see
 * moderation/trust-levels.ts), checked by review before anything is claimed.
 */
import type { ConditionClause, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { ProcessedAsset, UploadOwner } from '../uploads/upload-owner.ts';
import { requirePermission } from './access.ts';
import type { CommunityDeps } from './community-deps.ts';
import { attachmentKey } from './keys.ts';
import type { AttachmentRecord, PostAttachment, PostRecord } from './records.ts';

export const attachmentOwnerKind = 'post-attachment';

const mib = 1024 * 1024;
/** Images and PDFs only: what a discussion post shows inline or links to. */
export const attachmentLimits = { image: 10 * mib, pdf: 20 * mib } as const;

const uploadIdPattern = /^upl_[0-9A-Z]{26}$/;

/** The uploads side community needs; wired to the uploads facade in apps/api/src/deps.ts. */
export interface AttachmentUploads {
  /** The upload's status as the actor may see it; null when it does not exist for them (other org, not theirs). */
  statusOf(
    actor: Actor,
    uploadId: string,
  ): Promise<{ status: string; reason: string | null; message: string | null; ownerKind: string } | null>;
  /** Removes an upload and its files and gives its storage back (idempotent). */
  discard(organizationId: string, uploadId: string): Promise<unknown>;
  /** The operation, for the post's transaction, that claims a ready upload (fails once it expired). */
  claimOperation(organizationId: string, uploadId: string): TransactOperation;
  /** Ids of the uploads made for one owner, any state; discarded ones leave the list. */
  ownedBy(organizationId: string, ownerKind: string, ownerId: string, limit?: number): Promise<string[]>;
  /** A short-lived link to a stored object. */
  signDownload(key: string, fileName?: string): Promise<string>;
}

export function createAttachmentOwner(deps: CommunityDeps): UploadOwner {
  return {
    kind: attachmentOwnerKind,
    acceptedKinds: { ...attachmentLimits },
    async authorize(actor, ownerId) {
      requirePermission(actor, 'post:create');
      // A member uploads for themself; anyone else's id is nothing they can see.
      if (ownerId !== actor.userId) throw AppError.notFound('attachment owner', ownerId);
    },
    keyPrefix: (organizationId, ownerId) => `orgs/${organizationId}/community/attachments/${ownerId}/`,
    holdUntilClaimed: true,
    linkFor: () => '/community',
    async attach(asset: ProcessedAsset) {
      // The author left or deleted their account while the file was processed: nobody can post it.
      // not_found makes the pipeline reject it (`owner_gone`) and delete its objects.
      if (!(await deps.findMember(asset.organizationId, asset.ownerId))) {
        throw AppError.notFound('attachment owner', asset.ownerId);
      }
      const { width, height, pageCount } = asset.metadata;
      const record: AttachmentRecord = {
        uploadId: asset.uploadId,
        authorId: asset.ownerId,
        key: asset.key,
        contentType: asset.contentType,
        fileName: asset.fileName,
        sizeBytes: asset.sizeBytes,
        ...(width !== undefined ? { width } : {}),
        ...(height !== undefined ? { height } : {}),
        ...(pageCount !== undefined ? { pageCount } : {}),
        ...(asset.thumbnailKey ? { thumbnailKey: asset.thumbnailKey } : {}),
        attachedAt: new Date(deps.clock.nowMs()).toISOString(),
      };
      // Delivered at least once: a second delivery finds the record and changes nothing.
      // Unclaimed, the record lives until the pipeline's deadline (TTL); a claim removes the TTL.
      const expiresAt = asset.claimByMs === undefined ? {} : { expiresAt: Math.floor(asset.claimByMs / 1000) };
      try {
        await deps.store.put(
          { ...attachmentKey(asset.organizationId, asset.uploadId), data: record, ...expiresAt },
          { condition: [{ kind: 'notExists' }] },
        );
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    },
  };
}

/** Upload ids as given: a list of distinct `upl_…` ids, at most `max`. */
export function checkAttachmentIds(value: unknown, max: number): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw AppError.invalidInput('attachments must be a list', { field: 'attachments' });
  if (value.length > max) throw AppError.invalidInput(`At most ${max} attachments`, { field: 'attachments', max });
  for (const id of value) {
    if (typeof id !== 'string' || !uploadIdPattern.test(id)) {
      throw AppError.invalidInput('attachments are upload ids', { field: 'attachments' });
    }
  }
  if (new Set(value).size !== value.length)
    throw AppError.invalidInput('An upload is listed twice', { field: 'attachments' });
  return value as string[];
}

const toPostAttachment = (record: AttachmentRecord): PostAttachment => {
  const { uploadId, key, contentType, fileName, sizeBytes, width, height, pageCount, thumbnailKey } = record;
  return {
    uploadId,
    key,
    contentType,
    fileName,
    sizeBytes,
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(pageCount !== undefined ? { pageCount } : {}),
    ...(thumbnailKey !== undefined ? { thumbnailKey } : {}),
  };
};

/** Why an id without an attachment record cannot be attached: not there for the actor, not ready, or refused. */
async function explainMissing(deps: CommunityDeps, actor: Actor, uploadId: string): Promise<never> {
  const status = await deps.uploads?.statusOf(actor, uploadId);
  if (!status) throw AppError.notFound('upload', uploadId);
  const expired =
    status.ownerKind === attachmentOwnerKind &&
    ((status.status === 'rejected' && status.reason === 'unclaimed') || status.status === 'ready');
  if (expired) {
    // Ready without an attachment record: its TTL passed and the sweep has not run yet.
    throw new AppError(
      'gone',
      `The upload ${uploadId} was not attached within 24 hours and has expired; upload it again`,
      {
        details: { reason: 'attachment_expired', uploadId, field: 'attachments' },
      },
    );
  }
  if (status.status === 'rejected') {
    throw new AppError('unprocessable', `The upload ${uploadId} was not accepted: ${status.message ?? 'rejected'}`, {
      details: { reason: 'attachment_rejected', uploadId, field: 'attachments' },
    });
  }
  if (status.status === 'pending' || status.status === 'processing') {
    throw AppError.conflict(`The upload ${uploadId} is still ${status.status}; attach it once it is ready`, {
      reason: 'attachment_not_ready',
      uploadId,
      status: status.status,
    });
  }
  // Ready but not a post attachment (e.g. a module's file): not something a post can carry.
  throw AppError.notFound('upload', uploadId);
}

export interface ClaimedAttachments {
  attachments: PostAttachment[];
  /** Claims of the new files, for the post's transaction (each conditioned on still being unclaimed). */
  operations: TransactOperation[];
  /** Files the post carried before and no longer does: discard them once the post is saved. */
  released: PostAttachment[];
  /** The ids `operations` claim (files new to the post). */
  claimedIds: string[];
}

/**
 * Resolves the ids a post is saved with against what the author uploaded; `current` are the post's
 * files before an edit (kept without a new claim). Throws the errors listed at the top of the file.
 */
export async function claimAttachments(
  deps: CommunityDeps,
  actor: Actor,
  postId: string,
  ids: string[],
  current: PostAttachment[] = [],
): Promise<ClaimedAttachments> {
  const kept = new Map(current.map((a) => [a.uploadId, a]));
  const fresh = ids.filter((id) => !kept.has(id));
  const found = new Map<string, AttachmentRecord>();
  if (fresh.length > 0) {
    const items = await deps.store.getMany<AttachmentRecord>(fresh.map((id) => attachmentKey(actor.orgId, id)));
    for (const item of items) found.set(item.data.uploadId, item.data);
  }
  const attachments: PostAttachment[] = [];
  const operations: TransactOperation[] = [];
  for (const id of ids) {
    const existing = kept.get(id);
    if (existing) {
      attachments.push(existing);
      continue;
    }
    const record = found.get(id);
    if (!record) await explainMissing(deps, actor, id);
    const owned = record as AttachmentRecord;
    if (owned.authorId !== actor.userId) throw AppError.notFound('upload', id);
    if (owned.postId !== undefined && owned.postId !== postId) {
      throw AppError.conflict(`The upload ${id} is attached to another post`, {
        reason: 'attachment_in_use',
        uploadId: id,
      });
    }
    attachments.push(toPostAttachment(owned));
    if (owned.postId === postId) continue;
    // `exists` first: an update's condition on an expired item must not recreate it.
    const unclaimed: ConditionClause[] = [{ kind: 'exists' }, { kind: 'fieldNotExists', field: 'postId' }];
    operations.push({
      kind: 'update',
      key: attachmentKey(actor.orgId, id),
      changes: { set: { postId }, expiresAt: null, condition: unclaimed },
    });
    if (deps.uploads) operations.push(deps.uploads.claimOperation(actor.orgId, id));
  }
  const wanted = new Set(ids);
  return {
    attachments,
    operations,
    released: current.filter((a) => !wanted.has(a.uploadId)),
    claimedIds: fresh.filter((id) => found.get(id)?.postId !== postId),
  };
}

const expiredError = (uploadId: string) =>
  new AppError('gone', `The upload ${uploadId} was not attached within 24 hours and has expired; upload it again`, {
    details: { reason: 'attachment_expired', uploadId, field: 'attachments' },
  });

/**
 * Why the post's transaction refused its claims: a file expired between reading it and saving the
 * post (its record is gone, 410), or another post took it first (409).
 */
export async function claimRefusal(deps: CommunityDeps, orgId: string, claimedIds: string[]): Promise<AppError> {
  if (claimedIds.length > 0) {
    const present = await deps.store.getMany<AttachmentRecord>(claimedIds.map((id) => attachmentKey(orgId, id)));
    const still = new Set(present.map((item) => item.data.uploadId));
    const expired = claimedIds.find((id) => !still.has(id));
    if (expired) return expiredError(expired);
  }
  return AppError.conflict('One of the files was attached to another post meanwhile', { reason: 'attachment_in_use' });
}

/** Gives the files back (post deleted or files removed by an edit); best effort, never fails the request. */
export async function discardAttachments(deps: CommunityDeps, orgId: string, files: PostAttachment[]): Promise<void> {
  for (const file of files) {
    try {
      await deps.uploads?.discard(orgId, file.uploadId);
      await deps.store.delete(attachmentKey(orgId, file.uploadId));
    } catch {
      // A leftover file costs storage, not correctness: nothing links to it any more.
    }
  }
}

/** Signed links for the files of the posts about to be shown (none asked when no post has files). */
export async function attachmentUrls(deps: CommunityDeps, posts: PostRecord[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const sign = deps.uploads?.signDownload;
  if (!sign) return urls;
  for (const post of posts) {
    for (const file of post.attachments ?? []) {
      urls.set(file.key, await sign(file.key, file.fileName));
      if (file.thumbnailKey) urls.set(file.thumbnailKey, await sign(file.thumbnailKey));
    }
  }
  return urls;
}
