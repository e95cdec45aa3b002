/**
 * The life of post attachments with the real uploads pipeline on memory fakes (item store with TTL,
 * blob store, job queue, hand-driven clock): files nobody attaches expire (410 on attach, objects and
 * storage gone after the sweep) while attached files survive it; deleting an account removes every
 * file the user uploaded for posts through a queued job that finishes even when a run fails midway.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountDeletionContext } from '../identity/account-extensions.ts';
import type { OrgRole } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import { createFakeMediaInspector, fakePng } from '../testing/fake-media-inspector.ts';
import { createMemoryBlobStore, type MemoryBlobStore } from '../testing/memory-blob-store.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createMemoryJobQueue, type MemoryJobQueue } from '../testing/memory-job-queue.ts';
import { committedStorage, createUploads, type Uploads } from '../uploads/index.ts';
import { createTestClock, wordListReview } from './community-test-kit.ts';
import { attachmentUploadsFrom, type Community, createCommunity } from './index.ts';

const hour = 3600_000;
const org = 'org_one';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  return error;
}

interface Kit {
  community: Community;
  uploads: Uploads;
  store: ReturnType<typeof createMemoryItemStore>;
  blobs: MemoryBlobStore;
  queue: MemoryJobQueue;
  clock: ReturnType<typeof createTestClock>;
  actor(role?: OrgRole): Actor;
  drain(): ReturnType<MemoryJobQueue['drain']>;
  /** Request, PUT, complete and process: the ready upload's view. */
  upload(actor: Actor, seed?: number): Promise<{ uploadId: string; key: string; thumbnailKey: string }>;
  removeMember(actor: Actor): void;
}

/** `duringReview` runs while a post is being reviewed: after its files were read, before it is saved. */
function createKit(duringReview: () => void = () => undefined): Kit {
  const clock = createTestClock();
  const store = createMemoryItemStore({ clock });
  // Tests replace `delete` on this object to make the blob store fail midway.
  const blobs = createMemoryBlobStore({ nowMs: clock.nowMs });
  const queue = createMemoryJobQueue({ nowMs: clock.nowMs });
  const members = new Map<string, { name: string; role: OrgRole }>();
  const uploads = createUploads({
    store,
    blobs,
    queue,
    inspector: createFakeMediaInspector(),
    notify: async () => undefined,
    clock,
  });
  const community = createCommunity({
    store,
    clock,
    review: async (content) => {
      duringReview();
      return wordListReview().review(content);
    },
    trustLevelOf: async () => 2,
    findMember: async (orgId, userId) => members.get(`${orgId}/${userId}`) ?? null,
    notify: async () => undefined,
    jobs: queue,
    uploads: attachmentUploadsFrom(uploads, async (key) => `memory://${key}`),
  });
  uploads.registerOwner(community.attachmentOwner);
  const handlers = { ...uploads.jobHandlers, ...community.jobHandlers };
  let counter = 0;
  return {
    community,
    uploads,
    store,
    blobs,
    queue,
    clock,
    actor(role = 'member') {
      counter += 1;
      const userId = `usr_01JGZ${String(counter).padStart(21, '0')}`;
      members.set(`${org}/${userId}`, { name: `User ${counter}`, role });
      return { userId, orgId: org, role, plan: 'free' };
    },
    drain: () => queue.drain(handlers),
    async upload(actor, seed = 40) {
      const png = fakePng(seed, seed);
      const ticket = await uploads.requestUpload(actor, {
        ownerKind: 'post-attachment',
        ownerId: actor.userId,
        purpose: 'attachment',
        fileName: 'chart.png',
        contentType: 'image/png',
        sizeBytes: png.length,
      });
      const put = await blobs.fetch(ticket.uploadUrl, {
        method: 'PUT',
        headers: ticket.headers,
        body: png as Uint8Array<ArrayBuffer>,
      });
      expect(put.status).toBe(204);
      await uploads.complete(actor, ticket.uploadId);
      await queue.drain(handlers);
      const view = await uploads.get(actor, ticket.uploadId);
      expect(view.status).toBe('ready');
      return {
        uploadId: ticket.uploadId,
        key: view.asset?.key as string,
        thumbnailKey: view.asset?.thumbnailKey as string,
      };
    },
    removeMember(actor) {
      members.delete(`${org}/${actor.userId}`);
    },
  };
}

const post = (kit: Kit, actor: Actor, attachments: string[]) =>
  kit.community.createPost(actor, { title: 'Files', content: `Some files ${Math.random()}`, attachments });

describe('unattached uploads expire', () => {
  let kit: Kit;
  beforeEach(() => {
    kit = createKit();
  });

  it('an upload left unattached for 24 h cannot be attached (410) and the sweep deletes its files', async () => {
    const author = kit.actor();
    const file = await kit.upload(author);
    expect(kit.blobs.keys()).toEqual(expect.arrayContaining([file.key, file.thumbnailKey]));

    // Just before the deadline it still attaches; a second file is left to expire.
    const late = await kit.upload(author, 41);
    kit.clock.advance(24 * hour - 1000);
    await expect(post(kit, author, [file.uploadId])).resolves.toMatchObject({ attachments: [expect.anything()] });

    kit.clock.advance(2000);
    const expired = await failure(post(kit, author, [late.uploadId]));
    expect(expired.code).toBe('gone');
    expect(expired.details).toMatchObject({ reason: 'attachment_expired', uploadId: late.uploadId });

    const swept = await kit.uploads.sweep();
    expect(swept.unclaimedUploads).toBe(1);
    expect(kit.blobs.keys()).not.toContain(late.key);
    expect(kit.blobs.keys()).not.toContain(late.thumbnailKey);
    // The attached file survives the sweep, now and a day later.
    kit.clock.advance(48 * hour);
    expect((await kit.uploads.sweep()).unclaimedUploads).toBe(0);
    expect(kit.blobs.keys()).toEqual(expect.arrayContaining([file.key, file.thumbnailKey]));

    // After the sweep the upload says why, and attaching still answers 410.
    const view = await kit.uploads.get(author, late.uploadId);
    expect(view).toMatchObject({ status: 'rejected', reason: 'unclaimed' });
    expect((await failure(post(kit, author, [late.uploadId]))).code).toBe('gone');
  });

  it('a file that expires while its post is being saved answers 410 and the post is not stored', async () => {
    let expireNow = false;
    const racing = createKit(() => {
      if (expireNow) racing.clock.advance(24 * hour);
    });
    const author = racing.actor();
    const file = await racing.upload(author);
    racing.clock.advance(hour);
    expireNow = true;
    const refused = await failure(post(racing, author, [file.uploadId]));
    expect(refused.code).toBe('gone');
    expect(refused.details).toMatchObject({ reason: 'attachment_expired', uploadId: file.uploadId });
    expect((await racing.community.listPosts(author, {})).items).toEqual([]);
  });

  it('gives the storage of an expired file back, and its record leaves the store a week later (TTL)', async () => {
    const author = kit.actor();
    const file = await kit.upload(author);
    expect(await committedStorage(kit.store, org)).toBeGreaterThan(0);
    kit.clock.advance(25 * hour);
    await kit.uploads.sweep();
    expect(await committedStorage(kit.store, org)).toBe(0);
    expect((await kit.uploads.get(author, file.uploadId)).status).toBe('rejected');
    kit.clock.advance(7 * 24 * hour);
    expect((await failure(kit.uploads.get(author, file.uploadId))).code).toBe('not_found');
  });

  it('an upload whose author left before it was processed is refused as owner_gone, files deleted', async () => {
    const author = kit.actor();
    const png = fakePng(30, 30);
    const ticket = await kit.uploads.requestUpload(author, {
      ownerKind: 'post-attachment',
      ownerId: author.userId,
      purpose: 'attachment',
      fileName: 'a.png',
      contentType: 'image/png',
      sizeBytes: png.length,
    });
    await kit.blobs.fetch(ticket.uploadUrl, {
      method: 'PUT',
      headers: ticket.headers,
      body: png as Uint8Array<ArrayBuffer>,
    });
    await kit.uploads.complete(author, ticket.uploadId);
    kit.removeMember(author);
    await kit.drain();
    expect((await kit.uploads.get(author, ticket.uploadId)).reason).toBe('owner_gone');
    expect(kit.blobs.keys()).toEqual([]);
  });
});

describe('account deletion removes the files', () => {
  let kit: Kit;
  beforeEach(() => {
    kit = createKit();
  });

  const deletion = (actor: Actor): AccountDeletionContext => ({
    userId: actor.userId,
    sharedOrganizationIds: [org],
    deletedOrganizationIds: [],
  });

  it('anonymised posts lose their files; unattached and in-flight uploads go too; others keep theirs', async () => {
    const leaving = kit.actor();
    const staying = kit.actor();
    const onPost = await kit.upload(leaving, 50);
    const waiting = await kit.upload(leaving, 51);
    const theirs = await kit.upload(staying, 52);
    const kept = await post(kit, staying, [theirs.uploadId]);
    const anonymised = await post(kit, leaving, [onPost.uploadId]);
    const inFlight = await kit.uploads.requestUpload(leaving, {
      ownerKind: 'post-attachment',
      ownerId: leaving.userId,
      purpose: 'attachment',
      fileName: 'b.png',
      contentType: 'image/png',
      sizeBytes: 64,
    });

    await kit.community.deleteAccountData(deletion(leaving));
    // The post is anonymised and stops showing the file at once; the files go with the queued job.
    const read = await kit.community.getPost(staying, anonymised.id);
    expect(read.authorId).toBe('deleted-user');
    expect(read.attachments).toEqual([]);
    expect(kit.blobs.keys()).toContain(onPost.key);
    expect((await kit.queue.stats()).ready).toBe(1);

    expect(await kit.drain()).toMatchObject({ completed: 1, dead: 0 });
    for (const key of [onPost.key, onPost.thumbnailKey, waiting.key, waiting.thumbnailKey]) {
      expect(kit.blobs.keys()).not.toContain(key);
    }
    expect(await failure(kit.uploads.get(staying, inFlight.uploadId))).toMatchObject({ code: 'not_found' });
    expect(await failure(kit.uploads.get(staying, waiting.uploadId))).toMatchObject({ code: 'not_found' });
    // Nobody else's files are touched.
    expect(kit.blobs.keys()).toEqual([theirs.key, theirs.thumbnailKey].sort());
    expect((await kit.community.getPost(staying, kept.id)).attachments).toHaveLength(1);
  });

  it('finishes after a run that failed midway (the job is retried) and a second run changes nothing', async () => {
    const leaving = kit.actor();
    const onPost = await kit.upload(leaving, 60);
    const files = [onPost, await kit.upload(leaving, 61), await kit.upload(leaving, 62)];
    await post(kit, leaving, [onPost.uploadId]);

    await kit.community.deleteAccountData(deletion(leaving));
    // The blob store fails on the second file's first object: the run stops there and is retried.
    const deleteOnce = kit.blobs.delete;
    let calls = 0;
    kit.blobs.delete = async (key) => {
      calls += 1;
      if (calls === 4) throw new AppError('unavailable', 'the blob store is down');
      return deleteOnce(key);
    };
    const first = await kit.drain();
    expect(first).toMatchObject({ completed: 0, retried: 1 });
    expect(kit.blobs.keys().length).toBeGreaterThan(0);
    kit.blobs.delete = deleteOnce;
    kit.clock.advance(hour);
    expect(await kit.drain()).toMatchObject({ completed: 1, dead: 0 });
    expect(kit.blobs.keys()).toEqual([]);
    expect(await committedStorage(kit.store, org)).toBe(0);
    for (const file of files) {
      expect(kit.blobs.keys()).not.toContain(file.key);
      expect(kit.blobs.keys()).not.toContain(file.thumbnailKey);
    }
    // Idempotent: the same job again finds nothing to do and succeeds.
    await kit.community.jobHandlers['community.purge-account-files']?.({
      id: 'job_again',
      type: 'community.purge-account-files',
      payload: { userId: leaving.userId, organizationIds: [org] },
      attempt: 1,
      firstEnqueuedAt: kit.clock.nowMs(),
    });
  });
});
