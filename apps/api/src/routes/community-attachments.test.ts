/**
 * Post attachments end to end over HTTP on a real platform (SQLite, local queue and its workers, local
 * blob store, the real media inspector): upload through the pipeline (owner `post-attachment`), attach
 * the ready upload to a post, see it with signed links; and every refusal — another organisation's
 * upload (404), one not finished (409) or refused (422), one already on another post (409), more files
 * than the author's trust level allows (422), a kind posts do not take (415) — leaving nothing stored.
 * Deleting a post discards its own files and no one else's.
 */
import { sampleExe, samplePdf, samplePng } from '@diatonic/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAttachment, uploadAttachment } from '../../test/attachment-upload.ts';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  expectJson,
  type Json,
  join,
  type SignedUp,
  signInFirstPlatformAdmin,
  signUp,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import type { Workers } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';

let platform: TempPlatform;
let workers: Workers;
let call: Call;
let owner: SignedUp;
let member: SignedUp;
let ownerB: SignedUp;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { RATE_LIMIT_REQUESTS: '0' } });
  call = caller(platform);
  owner = await signUp(call, 'attach-owner@example.com', 'Attach Owner');
  ownerB = await signUp(call, 'attach-owner-b@example.com', 'Other Owner');
  orgA = owner.personalOrgId;
  orgB = ownerB.personalOrgId;
  // Six members: past bootstrap mode (≤ 5), so a new member posts under trust level 0 (one file a post).
  // The free plan stops at five, so a platform admin moves A to a larger plan, as an operator would.
  const admin = await signInFirstPlatformAdmin(platform, 'attach-admin@example.com');
  await expectJson(
    await call('PUT', `/api/admin/organizations/${orgA}/plan`, { token: admin.accessToken, body: { plan: 'pro' } }),
    200,
  );
  member = await signUp(call, 'attach-member@example.com', 'Attach Member');
  await join(call, owner, orgA, member, 'member');
  for (let n = 1; n <= 4; n++) {
    await join(call, owner, orgA, await signUp(call, `attach-extra-${n}@example.com`), 'member');
  }
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
}, 90_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const as = (user: SignedUp, orgId = orgA) => ({ token: user.accessToken, orgId });

const ticket = (user: SignedUp, bytes: Uint8Array, fileName: string, contentType: string, orgId = orgA) =>
  requestAttachment(call, as(user, orgId), bytes, fileName, contentType);

/** Request, PUT, complete and wait: the upload's final view. */
const upload = (user: SignedUp, bytes: Uint8Array, fileName = 'diagram.png', contentType = 'image/png', orgId = orgA) =>
  uploadAttachment(platform, call, as(user, orgId), bytes, fileName, contentType);

const ask = (user: SignedUp, body: Record<string, unknown>, orgId = orgA) =>
  call('POST', '/api/community/attachments', { ...as(user, orgId), body });

const createPost = (user: SignedUp, attachments: string[], title = `With files ${Math.random()}`) =>
  call('POST', '/api/community/posts', {
    ...as(user),
    body: { title, content: `A post that carries ${attachments.length} files, written ${Math.random()}`, attachments },
  });

async function postCount(): Promise<number> {
  const feed = await expectJson<Json>(await call('GET', '/api/community/posts?limit=100', as(owner)), 200);
  return feed.items.length;
}

describe('post attachments', () => {
  it('attaches a ready image: dimensions, a signed link and a thumbnail on the post and in the feed', async () => {
    const png = await samplePng(640, 480);
    const ready = await upload(owner, png);
    expect(ready).toMatchObject({ status: 'ready', ownerKind: 'post-attachment', ownerId: owner.userId });
    expect(ready.asset.key).toBe(`orgs/${orgA}/community/attachments/${owner.userId}/images/${ready.uploadId}.png`);

    const post = await expectJson<Json>(await createPost(owner, [ready.uploadId], 'Loss curve'), 201);
    expect(post.attachments).toEqual([
      expect.objectContaining({
        uploadId: ready.uploadId,
        fileName: 'diagram.png',
        contentType: 'image/png',
        width: 640,
        height: 480,
        pageCount: null,
      }),
    ]);
    const file = await platform.app.request(post.attachments[0].url);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    const thumbnail = await platform.app.request(post.attachments[0].thumbnailUrl);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');

    // A reader in the organisation sees it too, in the feed and on the post.
    const feed = await expectJson<Json>(await call('GET', '/api/community/posts', as(member)), 200);
    expect(feed.items.find((p: Json) => p.id === post.id).attachments[0].uploadId).toBe(ready.uploadId);
    const read = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(member)), 200);
    expect(read.attachments[0].url).toEqual(expect.any(String));
  });

  it('takes a PDF with its page count and a thumbnail of its first page', async () => {
    const ready = await upload(owner, await samplePdf(), 'notes.pdf', 'application/pdf');
    const post = await expectJson<Json>(await createPost(owner, [ready.uploadId]), 201);
    expect(post.attachments[0]).toMatchObject({ contentType: 'application/pdf', pageCount: 2 });
    const thumbnail = await platform.app.request(post.attachments[0].thumbnailUrl);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
  });

  it("refuses another organisation's upload as not found, and stores nothing", async () => {
    const theirs = await upload(ownerB, await samplePng(32, 32), 'theirs.png', 'image/png', orgB);
    expect(theirs.status).toBe('ready');
    const before = await postCount();
    await expectError(await createPost(owner, [theirs.uploadId]), 404, 'not_found');
    expect(await postCount()).toBe(before);
  });

  it("refuses a colleague's upload as not found", async () => {
    const ready = await upload(owner, await samplePng(32, 32));
    await expectError(await createPost(member, [ready.uploadId]), 404, 'not_found');
  });

  it('says 409 for an upload not finished and 422 for one the pipeline refused', async () => {
    const png = await samplePng(32, 32);
    const pending = await ticket(owner, png, 'later.png', 'image/png');
    const before = await postCount();
    const notReady = await expectError(await createPost(owner, [pending.uploadId]), 409, 'conflict');
    expect(notReady.error.details).toMatchObject({ reason: 'attachment_not_ready', status: 'pending' });

    const exe = sampleExe();
    const refused = await upload(owner, exe, 'tool.png', 'image/png');
    expect(refused).toMatchObject({ status: 'rejected', reason: 'executable' });
    const rejected = await expectError(await createPost(owner, [refused.uploadId]), 422, 'unprocessable');
    expect(rejected.error.details).toMatchObject({ reason: 'attachment_rejected', uploadId: refused.uploadId });
    expect(await postCount()).toBe(before);
  });

  it('gives one file to one post only', async () => {
    const ready = await upload(owner, await samplePng(40, 40));
    await expectJson(await createPost(owner, [ready.uploadId]), 201);
    const taken = await expectError(await createPost(owner, [ready.uploadId]), 409, 'conflict');
    expect(taken.error.details).toMatchObject({ reason: 'attachment_in_use' });
  });

  it('limits new members to one file a post (trust level 0)', async () => {
    const first = await upload(member, await samplePng(20, 20));
    const second = await upload(member, await samplePng(21, 21));
    const refused = await expectError(
      await createPost(member, [first.uploadId, second.uploadId]),
      422,
      'content_rejected',
    );
    expect(JSON.stringify(refused.error.details)).toContain('attachment');
    // The files stay unclaimed: one of them goes on a post within the limit.
    await expectJson(await createPost(member, [first.uploadId]), 201);
  });

  it('accepts only images and PDFs, within their limits', async () => {
    await expectError(
      await ask(owner, { fileName: 'clip.mp4', contentType: 'video/mp4', sizeBytes: 1000 }),
      415,
      'unsupported_media_type',
    );
    await expectError(
      await ask(owner, { fileName: 'notes.txt', contentType: 'text/plain', sizeBytes: 10 }),
      415,
      'unsupported_media_type',
    );
    await expectError(
      await ask(owner, { fileName: 'big.pdf', contentType: 'application/pdf', sizeBytes: 21 * 1024 * 1024 }),
      413,
      'payload_too_large',
    );
  });

  it("deleting a post discards its files and keeps every other post's", async () => {
    const mine = await upload(owner, await samplePng(50, 50));
    const other = await upload(owner, await samplePng(60, 60));
    const doomed = await expectJson<Json>(await createPost(owner, [mine.uploadId]), 201);
    const kept = await expectJson<Json>(await createPost(owner, [other.uploadId]), 201);
    expect((await call('DELETE', `/api/community/posts/${doomed.id}`, as(owner))).status).toBe(204);

    const { blobStore } = platform.deps;
    expect(await blobStore.head(mine.asset.key)).toBeUndefined();
    expect(await blobStore.head(other.asset.key)).toBeDefined();
    const still = await expectJson<Json>(await call('GET', `/api/community/posts/${kept.id}`, as(member)), 200);
    expect((await platform.app.request(still.attachments[0].url)).status).toBe(200);
    const gone = await expectJson<Json>(await call('GET', `/api/community/posts/${doomed.id}`, as(owner)), 200);
    expect(gone.attachments).toEqual([]);
  });

  it('an edit can drop a file (discarded) and add a ready one', async () => {
    const first = await upload(owner, await samplePng(70, 70));
    const second = await upload(owner, await samplePng(80, 80));
    const post = await expectJson<Json>(await createPost(owner, [first.uploadId]), 201);
    const edited = await expectJson<Json>(
      await call('PUT', `/api/community/posts/${post.id}`, {
        ...as(owner),
        body: { version: post.version, attachments: [second.uploadId] },
      }),
      200,
    );
    expect(edited.attachments.map((a: Json) => a.uploadId)).toEqual([second.uploadId]);
    expect(await platform.deps.blobStore.head(first.asset.key)).toBeUndefined();
  });
});
