/**
 * For owners that go away (community: a deleted account's post attachments): the ids of every upload
 * made for one owner, in any state, through the owner index (gsi2). Callers discard them page by page;
 * a discarded upload leaves the index, so asking again returns the rest.
 */
import { ownerIndexPartition } from './keys.ts';
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
