/**
 * Wire schemas of the upload pipeline: asking for an upload URL (on an owner's route, e.g.
 * `POST /api/education/modules/{id}/upload`), completing it and following its processing
 * (`/api/education/uploads/{uploadId}`). Sizes are bytes; times are ISO 8601.
 */
import { z } from 'zod';

export const UploadPurposeWire = z.enum(['section-asset', 'thumbnail', 'document']);

export const UploadRequestBody = z
  .strictObject({
    fileName: z.string().min(1).max(255),
    /** One of the accepted types (image/png, image/jpeg, image/webp, image/gif, video/mp4, video/webm, video/quicktime, audio/mpeg, audio/mp4, audio/wav, audio/ogg, audio/webm, application/pdf, text/markdown, text/plain). */
    contentType: z.string().min(3).max(100),
    sizeBytes: z.number().int().min(1),
    purpose: UploadPurposeWire,
    /** The section the file belongs to, for `section-asset`. */
    sectionId: z.string().min(1).max(100).optional(),
  })
  .meta({ id: 'UploadRequestBody' });
export type UploadRequestBody = z.infer<typeof UploadRequestBody>;

export const UploadTicket = z
  .object({
    uploadId: z.string(),
    /** PUT the file's bytes here, with `headers`, before `expiresAt`. Absolute (S3) or same-origin (local). */
    uploadUrl: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  })
  .meta({ id: 'UploadTicket' });
export type UploadTicket = z.infer<typeof UploadTicket>;

export const UploadStatusWire = z.enum(['pending', 'processing', 'ready', 'rejected']);
export type UploadStatusWire = z.infer<typeof UploadStatusWire>;

export const UploadAssetMetadata = z
  .object({
    durationSeconds: z.number().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    pageCount: z.number().int().optional(),
    text: z.string().optional(),
    /** Words in the whole extracted text (PDF), for reading time. */
    wordCount: z.number().int().optional(),
  })
  .meta({ id: 'UploadAssetMetadata' });

export const UploadView = z
  .object({
    uploadId: z.string(),
    status: UploadStatusWire,
    /** Why it was rejected (missing_object, too_large, size_mismatch, type_mismatch, executable, archive, unreadable, owner_gone, expired, unclaimed). */
    reason: z.string().nullable(),
    message: z.string().nullable(),
    ownerKind: z.string(),
    ownerId: z.string(),
    purpose: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    asset: z
      .object({
        key: z.string(),
        thumbnailKey: z.string().nullable(),
        metadata: UploadAssetMetadata,
        /** Short-lived signed links. */
        downloadUrl: z.string(),
        thumbnailUrl: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'UploadView' });
export type UploadView = z.infer<typeof UploadView>;

export const UploadIdParams = z.object({ uploadId: z.string().min(1).max(100) });
export const UploadOwnerIdParams = z.object({ id: z.string().min(1).max(100) });

/** Query of the local blob store's signed URLs (`/api/blobs/upload`, `/api/blobs/download`). */
export const SignedBlobQuery = z.object({
  key: z.string().optional(),
  ct: z.string().optional(),
  max: z.string().optional(),
  exp: z.string().optional(),
  name: z.string().optional(),
  sig: z.string().optional(),
});
