/**
 * For owners that go away (community: a deleted account's post attachments): the ids of every upload
 * made for one owner, in any state, through the owner index (gsi2). Callers discard them page by page;
 * a discarded upload leaves the index, so asking again returns the rest. And for an owner about to
 * discard one file it held: whose the upload is.
 */
import { ownerIndexPartition, uploadKey } from './keys.ts';
import type { UploadRecord } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

export async function uploadsOwnedBy(
  deps: UploadsDeps,
  organizationId: string,
  ownerKind: string,
  ownerId: string,
  limit = 100,
): Promise<string[]> {
  const page = await deps.store.query<UploadRecord>({
    index: 'gsi2',
    pk: ownerIndexPartition(organizationId, ownerKind, ownerId),
    limit,
  });
  return page.items.map((item) => item.data.uploadId);
}

/** Whose an upload is (for an owner checking that an id it holds is its own); null when unknown. */
export async function uploadOwnerOf(
  deps: UploadsDeps,
  organizationId: string,
  uploadId: string,
): Promise<{ ownerKind: string; ownerId: string } | null> {
  const item = await deps.store.get<UploadRecord>(uploadKey(organizationId, uploadId));
  return item ? { ownerKind: item.data.ownerKind, ownerId: item.data.ownerId } : null;
}
