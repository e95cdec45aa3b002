/** The stored upload and the view the API returns. */
import type { MediaKind } from '../ports/media-inspector.ts';
import type { AssetMetadata, UploadPurpose } from './upload-owner.ts';

export const uploadStatuses = ['pending', 'processing', 'ready', 'rejected'] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

/** Why processing refused a file; `expired` is the sweeper's, for uploads never completed within 24 h. */
export const rejectionReasons = [
  'missing_object',
  'too_large',
  'size_mismatch',
  'type_mismatch',
  'executable',
  'archive',
  'unreadable',
  'owner_gone',
  'expired',
  'unclaimed',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export const rejectionMessages: Readonly<Record<RejectionReason, string>> = {
  missing_object: 'No file was uploaded to the upload URL',
  too_large: 'The file is larger than allowed for its type or larger than declared',
  size_mismatch: 'The uploaded file is not the size that was declared',
  type_mismatch: 'The file content does not match its declared type',
  executable: 'Executable files are not accepted',
  archive: 'Archives are not accepted; upload the files themselves',
  unreadable: 'The file is damaged or not a valid file of its type',
  owner_gone: 'What the file was for no longer exists',
  expired: 'The upload was not completed within 24 hours',
  unclaimed: 'The file was not attached within 24 hours of uploading it, so it was deleted',
};

export interface UploadRecord extends Record<string, unknown> {
  uploadId: string;
  organizationId: string;
  ownerKind: string;
  ownerId: string;
  purpose: UploadPurpose;
  fileName: string;
  contentType: string;
  kind: MediaKind;
  sizeBytes: number;
  status: UploadStatus;
  reason?: RejectionReason;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Where the browser uploads to. */
  tempKey: string;
  /** Where the file lives once accepted. */
  key: string;
  thumbnailKey?: string;
  metadata?: AssetMetadata;
  /** Owner-specific fields given at request time (e.g. `sectionId`), handed back with the asset. */
  context?: Record<string, string>;
  /** Ready and waiting for its owner to claim it (owners that `holdUntilClaimed`); removed by the claim. */
  awaitingClaim?: true;
}

export interface UploadView {
  uploadId: string;
  status: UploadStatus;
  reason: RejectionReason | null;
  message: string | null;
  ownerKind: string;
  ownerId: string;
  purpose: UploadPurpose;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
  updatedAt: string;
  /** Present once ready: the stored file, its metadata and short-lived links to it. */
  asset: {
    key: string;
    thumbnailKey: string | null;
    metadata: AssetMetadata;
    downloadUrl: string;
    thumbnailUrl: string | null;
  } | null;
}
