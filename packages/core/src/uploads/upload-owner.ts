/**
 * What an upload belongs to (a module, a post, a profile). The uploads module is generic: it signs
 * upload URLs, checks and processes files, and hands each finished asset to the owner that asked for
 * it. Owners (education's module, community's post and profile) implement this interface and are
 * registered with the uploads facade by kind.
 */
import type { MediaKind } from '../ports/media-inspector.ts';
import type { Actor } from '../shared/actor.ts';

export const uploadPurposes = ['section-asset', 'thumbnail', 'document', 'attachment', 'avatar'] as const;
export type UploadPurpose = (typeof uploadPurposes)[number];

export interface AssetMetadata {
  durationSeconds?: number;
  width?: number;
  height?: number;
  pageCount?: number;
  /** Extracted text (PDF), truncated. */
  text?: string;
  /** Words in the whole extracted text (before truncation), for reading time. */
  wordCount?: number;
}

export interface ProcessedAsset {
  organizationId: string;
  ownerKind: string;
  ownerId: string;
  uploadId: string;
  purpose: UploadPurpose;
  /** Object key in the blob store, e.g. `modules/mod_…/documents/upl_….pdf`. */
  key: string;
  contentType: string;
  sizeBytes: number;
  fileName: string;
  metadata: AssetMetadata;
  thumbnailKey?: string;
  createdBy: string;
  /** Owner-specific fields given when the upload was requested (e.g. `sectionId`). */
  context?: Record<string, string>;
  /**
   * Owners that `holdUntilClaimed` only: epoch milliseconds after which the file, if still unclaimed,
   * is expired by the sweeper. The owner's own record of the file should stop counting at this time
   * too (e.g. an item-store TTL), so a claim never races the sweep.
   */
  claimByMs?: number;
}

export interface UploadOwner {
  /** e.g. `module`, `post`, `profile`. */
  kind: string;
  /** Throws AppError not_found / forbidden unless the actor may attach files to this owner. */
  authorize(actor: Actor, ownerId: string): Promise<void>;
  /** Object key prefix for this owner, e.g. `modules/mod_…/`. */
  keyPrefix(organizationId: string, ownerId: string): string;
  /** Called once per processed asset; must be idempotent (jobs are delivered at least once). */
  attach(asset: ProcessedAsset): Promise<void>;
  /**
   * The kinds this owner takes and each one's size limit (within the pipeline's own limits); kinds not
   * listed are refused with 415. Omitted: every kind the purpose allows, at the pipeline's limits.
   */
  acceptedKinds?: Partial<Record<MediaKind, number>>;
  /**
   * True when a processed file waits to be claimed (`uploads.claimOperation`, in the owner's own
   * transaction) rather than belonging to its owner at once: community's post attachments are uploaded
   * before the post exists. Files left unclaimed for `unclaimedMaxAgeMs` (24 h) are expired by the
   * sweeper: objects deleted, storage given back, the upload `rejected` with reason `unclaimed`.
   */
  holdUntilClaimed?: boolean;
  /** Path in the web app that the "upload ready" notification links to, e.g. `/education/modules/mod_…/edit`. */
  linkFor?(ownerId: string): string;
}
