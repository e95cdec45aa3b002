import type { BlobStore } from '../ports/blob-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { uploadKey } from './keys.ts';
import { rejectionMessages, type UploadRecord, type UploadView } from './upload-record.ts';
import type { UploadsDeps } from './uploads-deps.ts';

/**
 * The upload as `actor` may see it: it lives in their organisation and they may attach files to its
 * owner (or they made it). Anything else is 404, as if it did not exist.
 */
export async function loadVisibleUpload(
  deps: Pick<UploadsDeps, 'store' | 'owners'>,
  actor: Actor,
  uploadId: string,
): Promise<UploadRecord> {
  const notFound = AppError.notFound('upload', uploadId);
  if (typeof uploadId !== 'string' || !/^upl_[0-9A-Z]{26}$/.test(uploadId)) throw notFound;
  const item = await deps.store.get<UploadRecord>(uploadKey(actor.orgId, uploadId));
  if (!item) throw notFound;
  const record = item.data;
  if (record.createdBy !== actor.userId) {
    try {
      await deps.owners.get(record.ownerKind).authorize(actor, record.ownerId);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) throw notFound;
      throw error;
    }
  }
  return record;
}

export async function toUploadView(
  blobs: BlobStore,
  record: UploadRecord,
  downloadUrlSeconds: number,
): Promise<UploadView> {
  let asset: UploadView['asset'] = null;
  if (record.status === 'ready') {
    const download = await blobs.createDownloadUrl({
      key: record.key,
      expiresInSeconds: downloadUrlSeconds,
      fileName: record.fileName,
    });
    const thumbnail = record.thumbnailKey
      ? await blobs.createDownloadUrl({ key: record.thumbnailKey, expiresInSeconds: downloadUrlSeconds })
      : undefined;
    asset = {
      key: record.key,
      thumbnailKey: record.thumbnailKey ?? null,
      metadata: record.metadata ?? {},
      downloadUrl: download.url,
      thumbnailUrl: thumbnail?.url ?? null,
    };
  }
  return {
    uploadId: record.uploadId,
    status: record.status,
    reason: record.reason ?? null,
    message: record.reason ? rejectionMessages[record.reason] : null,
    ownerKind: record.ownerKind,
    ownerId: record.ownerId,
    purpose: record.purpose,
    fileName: record.fileName,
    contentType: record.contentType,
    sizeBytes: record.sizeBytes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    asset,
  };
}
