/** What every uploads use case receives as its first argument. Built once by `createUploads`. */

import type { Notify } from '../notifications/notify.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { MediaInspector } from '../ports/media-inspector.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { Ids } from '../shared/ids.ts';
import type { UploadOwner } from './upload-owner.ts';

export interface UploadSettings {
  /** Lifetime of upload URLs. */
  uploadUrlSeconds: number;
  /** Lifetime of download and thumbnail links in views. */
  downloadUrlSeconds: number;
  /** Uploads (and temp objects) older than this are swept. */
  tempMaxAgeMs: number;
  /** Ready files of `holdUntilClaimed` owners still unclaimed this long after processing are expired. */
  unclaimedMaxAgeMs: number;
}

export interface OwnerRegistry {
  register(owner: UploadOwner): void;
  has(kind: string): boolean;
  /** Throws not_found for a kind nobody registered: to the caller, the thing they named does not exist. */
  get(kind: string): UploadOwner;
}

export function createOwnerRegistry(): OwnerRegistry {
  const owners = new Map<string, UploadOwner>();
  return {
    register(owner) {
      if (owners.has(owner.kind)) throw new Error(`An upload owner of kind ${owner.kind} is already registered`);
      owners.set(owner.kind, owner);
    },
    has: (kind) => owners.has(kind),
    get(kind) {
      const owner = owners.get(kind);
      if (!owner) throw AppError.notFound(kind);
      return owner;
    },
  };
}

export interface UploadsDeps {
  store: ItemStore;
  blobs: BlobStore;
  queue: JobQueue;
  inspector: MediaInspector;
  notify: Notify;
  clock: Clock;
  ids: Ids;
  owners: OwnerRegistry;
  settings: UploadSettings;
}

export const uploadJobTypes = {
  process: 'uploads.process',
  sweep: 'uploads.sweep',
  purgeOrganization: 'uploads.purge-organization',
} as const;
