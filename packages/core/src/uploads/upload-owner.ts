/**
 * What an upload belongs to (a module, a post, a profile). The uploads module is generic: it signs
 * upload URLs, checks and processes files, and hands each finished asset to the owner that asked for
 * it. Owners (education's module, community's post and profile) implement this interface and are
 * registered with the uploads facade by kind.
 */
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
  /** Path in the web app that the "upload ready" notification links to, e.g. `/education/modules/mod_…/edit`. */
  linkFor?(ownerId: string): string;
}
