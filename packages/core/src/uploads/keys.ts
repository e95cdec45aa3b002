/**
 * Every item key the uploads module writes.
 *
 *   T#<orgId>#UPLOADS / <uploadId>        one upload: what was declared, its status and, once ready, its asset
 *   T#<orgId>         / UPLOAD#USAGE      committedBytes: ready assets plus uploads still in flight
 *
 * Uploads not yet finished are also in gsi1 under `UPLOADS#OPEN` (sort key: creation time), so the
 * sweeper finds abandoned ones without scanning; they leave the index when they end. Ready uploads of
 * an owner that claims its files later (`holdUntilClaimed`, community's post attachments) move to gsi1
 * `UPLOADS#UNCLAIMED` (sort key: when they became ready) until claimed; the sweeper expires those left
 * unclaimed. Every upload is in gsi2 under its owner, `T#<org>#UPLOADS#OWNER#<kind>#<ownerId>` / uploadId,
 * so an owner that goes away (a deleted account) finds all its files, in flight or not.
 *
 * Blob keys: `uploads/temp/<orgId>/<uploadId>` until processed, then the owner's prefix plus
 * `images|videos|audio|documents/<uploadId>.<ext>` and `thumbnails/<uploadId>.webp`.
 */
import type { ItemKey } from '../ports/item-store.ts';

export const uploadPartition = (orgId: string) => `T#${orgId}#UPLOADS`;
export const uploadKey = (orgId: string, uploadId: string): ItemKey => ({ pk: uploadPartition(orgId), sk: uploadId });
export const storageUsageKey = (orgId: string): ItemKey => ({ pk: `T#${orgId}`, sk: 'UPLOAD#USAGE' });

export const openUploadsIndex = 'UPLOADS#OPEN';
export const openUploadSortKey = (createdAtMs: number, orgId: string, uploadId: string) =>
  `${String(createdAtMs).padStart(15, '0')}#${orgId}#${uploadId}`;

export const unclaimedUploadsIndex = 'UPLOADS#UNCLAIMED';

export const ownerIndexPartition = (orgId: string, ownerKind: string, ownerId: string) =>
  `T#${orgId}#UPLOADS#OWNER#${ownerKind}#${ownerId}`;

export const tempPrefix = 'uploads/temp/';
export const tempBlobKey = (orgId: string, uploadId: string) => `${tempPrefix}${orgId}/${uploadId}`;
