/** Shared set-up for upload tests: memory stores, a hand-driven clock, the fake inspector and a test owner. */

import { can } from '../identity/roles.ts';
import type { NotificationInput } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { createFakeMediaInspector } from '../testing/fake-media-inspector.ts';
import { createMemoryBlobStore, type MemoryBlobStore } from '../testing/memory-blob-store.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createMemoryJobQueue, type MemoryJobQueue } from '../testing/memory-job-queue.ts';
import { createUploads, type Uploads } from './index.ts';
import { openUploadsIndex, storageUsageKey, uploadPartition } from './keys.ts';
import type { ProcessedAsset, UploadOwner } from './upload-owner.ts';

export interface TestClock {
  nowMs(): number;
  advance(ms: number): void;
}

export interface TestOwner extends UploadOwner {
  /** Lessons that exist, by organisation. */
  lessons: Map<string, Set<string>>;
  attached: ProcessedAsset[];
  /** Makes attach fail with this error. */
  failAttachWith?: AppError;
}

/** A `lesson` owner: lessons belong to one organisation; instructors and above may attach files. */
export function createTestOwner(): TestOwner {
  const owner: TestOwner = {
    kind: 'lesson',
    lessons: new Map(),
    attached: [],
    async authorize(actor: Actor, ownerId: string) {
      if (!owner.lessons.get(actor.orgId)?.has(ownerId)) throw AppError.notFound('lesson', ownerId);
      if (!can(actor.role, 'upload:create')) throw AppError.forbidden('upload:create');
    },
    keyPrefix: (orgId, ownerId) => `lessons/${orgId}/${ownerId}/`,
    async attach(asset) {
      if (owner.failAttachWith) throw owner.failAttachWith;
      if (!owner.attached.some((a) => a.uploadId === asset.uploadId)) owner.attached.push(asset);
    },
    linkFor: (ownerId) => `/lessons/${ownerId}`,
  };
  return owner;
}

export interface UploadsTestKit {
  uploads: Uploads;
  store: ItemStore;
  blobs: MemoryBlobStore;
  queue: MemoryJobQueue;
  clock: TestClock;
  owner: TestOwner;
  notifications: NotificationInput[];
  /** What a refused request must leave untouched. */
  snapshot(orgId: string): Promise<unknown>;
  /** Uploads the bytes to the ticket's URL as a browser would; returns the status. */
  put(ticket: { uploadUrl: string; headers: Record<string, string> }, bytes: Uint8Array): Promise<number>;
  drain(): ReturnType<MemoryJobQueue['drain']>;
}

export function createUploadsTestKit(): UploadsTestKit {
  let now = Date.UTC(2026, 3, 1, 9, 0, 0);
  const clock: TestClock = {
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
  const store = createMemoryItemStore({ clock });
  const blobs = createMemoryBlobStore({ nowMs: clock.nowMs });
  const queue = createMemoryJobQueue({ nowMs: clock.nowMs });
  const notifications: NotificationInput[] = [];
  const uploads = createUploads({
    store,
    blobs,
    queue,
    inspector: createFakeMediaInspector(),
    notify: async (input) => {
      notifications.push(input);
    },
    clock,
  });
  const owner = createTestOwner();
  uploads.registerOwner(owner);
  return {
    uploads,
    store,
    blobs,
    queue,
    clock,
    owner,
    notifications,
    async snapshot(orgId) {
      return {
        usage: (await store.get(storageUsageKey(orgId)))?.data ?? null,
        uploads: (await store.query({ pk: uploadPartition(orgId) })).items,
        open: (await store.query({ index: 'gsi1', pk: openUploadsIndex })).items,
        blobs: blobs.keys(),
        jobs: await queue.stats(),
      };
    },
    async put(ticket, bytes) {
      const res = await blobs.fetch(ticket.uploadUrl, {
        method: 'PUT',
        headers: ticket.headers,
        body: bytes as Uint8Array<ArrayBuffer>,
      });
      return res.status;
    },
    drain: () => queue.drain(uploads.jobHandlers),
  };
}

export function uploadActor(overrides: Partial<Actor> = {}): Actor {
  return { userId: 'usr_teacher', orgId: 'org_one', role: 'instructor', plan: 'free', ...overrides };
}
