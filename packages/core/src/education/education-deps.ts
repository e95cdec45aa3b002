/** What every education use case receives as its first argument. Built once by `createEducation`. */
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { ModuleUploads } from './module-files.ts';
import type { VersionCache } from './version-cache.ts';

export interface EducationDeps {
  store: ItemStore;
  clock: Clock;
  ids: Ids;
  notify: Notify;
  /** Members of the actor's organisation: a one-person organisation may approve its own modules. */
  memberCount(actor: Actor): Promise<number>;
  /** The URL a browser loads an uploaded object from (by default the asset route, asset-download.ts). */
  assetUrl(key: string): string;
  /** A short-lived signed download URL for an object (the blob store's). */
  signDownload?: (key: string) => Promise<string>;
  /** Published versions read by this process (immutable, so never invalidated). */
  versions: VersionCache;
  /** Durable background work: a deleted module's files are discarded by a job (module-files.ts). */
  jobs?: JobQueue;
  /** The uploads facade's owner side: what a deleted module's files are found and discarded with. */
  uploads?: ModuleUploads;
}
