/**
 * Uploads (DESIGN §4, issue 4 item 4): a generic pipeline any owner (education's module, community's
 * post and profile) uses by registering an `UploadOwner`. Request → browser PUTs to a signed URL →
 * complete → the `uploads.process` job checks, inspects, thumbnails, moves and attaches → ready or
 * rejected, with an in-app notification. `uploads.sweep` expires what was abandoned.
 */

import type { Notify } from '../notifications/notify.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { ItemStore, TransactOperation } from '../ports/item-store.ts';
import type { JobHandlers, JobQueue } from '../ports/job-queue.ts';
import type { MediaInspector } from '../ports/media-inspector.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { claimUploadOperation } from './claim-upload.ts';
import { completeUpload } from './complete-upload.ts';
import { discardUpload } from './discard-upload.ts';
import { getUpload } from './get-upload.ts';
import { uploadOwnerOf, uploadsOwnedBy } from './owned-uploads.ts';
import { processUpload } from './process-upload.ts';
import { purgeOrganizationUploads, schedulePurgeOfOrganization } from './purge-organization.ts';
import { type RequestUploadInput, requestUpload, type UploadTicket } from './request-upload.ts';
import { type SweepResult, sweepUploads } from './sweep-uploads.ts';
import type { UploadOwner } from './upload-owner.ts';
import type { UploadView } from './upload-record.ts';
import { createOwnerRegistry, type UploadSettings, type UploadsDeps, uploadJobTypes } from './uploads-deps.ts';

export interface UploadsOptions {
  store: ItemStore;
  blobs: BlobStore;
  queue: JobQueue;
  inspector: MediaInspector;
  notify: Notify;
  clock?: Clock;
  ids?: Ids;
  settings?: Partial<UploadSettings>;
}

export interface Uploads {
  /** Adds an owner kind; once per kind, at composition time. */
  registerOwner(owner: UploadOwner): void;
  hasOwner(kind: string): boolean;
  requestUpload(actor: Actor, input: RequestUploadInput): Promise<UploadTicket>;
  complete(actor: Actor, uploadId: string): Promise<UploadView>;
  get(actor: Actor, uploadId: string): Promise<UploadView>;
  /** For owners deleting or replacing what a file belonged to: removes the upload and its files, releasing its storage. */
  discard(organizationId: string, uploadId: string): Promise<boolean>;
  /** For owners that `holdUntilClaimed`: the operation, for their own transaction, that claims a ready file. */
  claimOperation(organizationId: string, uploadId: string): TransactOperation;
  /** Ids of uploads made for one owner, in any state (first `limit`); discarded ones leave the list. */
  ownedBy(organizationId: string, ownerKind: string, ownerId: string, limit?: number): Promise<string[]>;
  /** Whose an upload is (kind and id of its owner), or null when there is no such upload. */
  ownerOf(organizationId: string, uploadId: string): Promise<{ ownerKind: string; ownerId: string } | null>;
  sweep(): Promise<SweepResult>;
  /** Queues the deletion of every file of an organisation that was deleted (account deletion's hook). */
  schedulePurgeOfOrganization(organizationId: string): Promise<void>;
  /** Deletes every file of a deleted organisation now (identity's organisation purge, itself a job). */
  purgeOrganization(organizationId: string): Promise<void>;
  /** `uploads.process`, `uploads.sweep` and `uploads.purge-organization`, for the workers' registry. */
  jobHandlers: JobHandlers;
}

export const defaultUploadSettings: UploadSettings = {
  uploadUrlSeconds: 15 * 60,
  downloadUrlSeconds: 15 * 60,
  tempMaxAgeMs: 24 * 3600_000,
  unclaimedMaxAgeMs: 24 * 3600_000,
};

export function createUploads(options: UploadsOptions): Uploads {
  const clock = options.clock ?? systemClock;
  const owners = createOwnerRegistry();
  const deps: UploadsDeps = {
    store: options.store,
    blobs: options.blobs,
    queue: options.queue,
    inspector: options.inspector,
    notify: options.notify,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    owners,
    settings: { ...defaultUploadSettings, ...options.settings },
  };
  return {
    registerOwner: (owner) => owners.register(owner),
    hasOwner: (kind) => owners.has(kind),
    requestUpload: (actor, input) => requestUpload(deps, actor, input),
    complete: (actor, uploadId) => completeUpload(deps, actor, uploadId),
    get: (actor, uploadId) => getUpload(deps, actor, uploadId),
    discard: (organizationId, uploadId) => discardUpload(deps, organizationId, uploadId),
    claimOperation: (organizationId, uploadId) => claimUploadOperation(organizationId, uploadId),
    ownedBy: (organizationId, ownerKind, ownerId, limit) =>
      uploadsOwnedBy(deps, organizationId, ownerKind, ownerId, limit),
    ownerOf: (organizationId, uploadId) => uploadOwnerOf(deps, organizationId, uploadId),
    sweep: () => sweepUploads(deps),
    schedulePurgeOfOrganization: (organizationId) => schedulePurgeOfOrganization(deps.queue, organizationId),
    purgeOrganization: async (organizationId) => {
      await purgeOrganizationUploads(deps, { organizationId });
    },
    jobHandlers: {
      [uploadJobTypes.purgeOrganization]: async (job) => {
        await purgeOrganizationUploads(deps, job.payload);
      },
      [uploadJobTypes.process]: (job) => processUpload(deps, job.payload),
      [uploadJobTypes.sweep]: async () => {
        await sweepUploads(deps);
      },
    },
  };
}

export {
  type AcceptedType,
  acceptedTypes,
  kindsByPurpose,
  maxBytesByKind,
} from './file-types.ts';
export type { ProcessUploadPayload } from './process-upload.ts';
export type { RequestUploadInput, UploadTicket } from './request-upload.ts';
export { committedStorage } from './storage-usage.ts';
export type { SweepResult } from './sweep-uploads.ts';
export * from './upload-owner.ts';
export {
  type RejectionReason,
  rejectionMessages,
  rejectionReasons,
  type UploadStatus,
  type UploadView,
  uploadStatuses,
} from './upload-record.ts';
export { type UploadSettings, uploadJobTypes } from './uploads-deps.ts';
