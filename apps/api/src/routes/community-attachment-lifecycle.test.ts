/**
 * The life of post attachments on a real platform (SQLite, local queue and its workers, local blob
 * store on disk, the real media inspector) over HTTP, with the clock injected instead of waiting:
 * - a file nobody attaches expires after 24 h: attaching it answers 410 `attachment_expired`, the
 *   sweep deletes its objects and gives its storage back, and a file attached to a post survives;
 * - `DELETE /api/me` removes every file the user uploaded for posts (on posts kept as "Deleted user",
 *   unattached, and in an organisation deleted with the account) through the queued purge job, and
 *   nobody else's.
 */
import { samplePng } from '@diatonic/adapters/testing';
import { committedStorage } from '@diatonic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadAttachment } from '../../test/attachment-upload.ts';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  expectJson,
  type Json,
  join,
  type SignedUp,
  signUp,
  strongPassword,
} from '../../test/identity-client.ts';
import { manualClock, startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import type { Workers } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';

const hour = 3600_000;
const clock = manualClock(Date.UTC(2026, 10, 26, 8, 0, 0));
let platform: TempPlatform;
let workers: Workers;
let call: Call;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { RATE_LIMIT_REQUESTS: '0' }, clock });
  call = caller(platform);
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
}, 90_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const as = (user: SignedUp, orgId: string) => ({ token: user.accessToken, orgId });

/** Access tokens last 15 minutes of the injected clock: sign in again after moving it. */
async function freshToken(user: SignedUp): Promise<void> {
  const body = await expectJson<{ accessToken: string }>(
    await call('POST', '/api/auth/login', { body: { email: user.email, password: strongPassword } }),
    200,
  );
  user.accessToken = body.accessToken;
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not happen`);
}

/** A ready post attachment (a PNG of `side` pixels) uploaded by `user` in `orgId`. */
async function upload(user: SignedUp, orgId: string, side: number): Promise<Json> {
  const view = await uploadAttachment(platform, call, as(user, orgId), await samplePng(side, side), 'photo.png');
  expect(view.status).toBe('ready');
  return view;
}

const createPost = (user: SignedUp, orgId: string, attachments: string[]) =>
  call('POST', '/api/community/posts', {
    ...as(user, orgId),
    body: { title: `Files ${Math.random()}`, content: `A post with its files ${Math.random()}`, attachments },
  });

const stored = async (key: string) => (await platform.deps.blobStore.head(key)) !== undefined;
const filesOf = (view: Json): string[] => [view.asset.key, view.asset.thumbnailKey];

describe('unattached uploads expire', () => {
  it('410 after 24 h, the sweep deletes the files and gives the storage back; attached files survive', async () => {
    const author = await signUp(call, 'expiry-author@example.com', 'Expiry Author');
    const org = author.personalOrgId;
    const attached = await upload(author, org, 64);
    const left = await upload(author, org, 65);
    const post = await expectJson<Json>(await createPost(author, org, [attached.uploadId]), 201);
    const sweep = () => platform.deps.uploads.sweep().then(() => undefined);

    clock.advance(24 * hour + 60_000);
    await freshToken(author);
    const before = await expectJson<Json>(await call('GET', '/api/community/posts?limit=100', as(author, org)), 200);
    const refused = await expectError(await createPost(author, org, [left.uploadId]), 410, 'gone');
    expect(refused.error.details).toMatchObject({ reason: 'attachment_expired', uploadId: left.uploadId });
    // Nothing was stored by the refused request.
    const after = await expectJson<Json>(await call('GET', '/api/community/posts?limit=100', as(author, org)), 200);
    expect(after.items.length).toBe(before.items.length);

    for (const key of filesOf(left)) expect(await stored(key)).toBe(true);
    const storageBefore = await committedStorage(platform.deps.itemStore, org);
    await sweep();
    expect(await committedStorage(platform.deps.itemStore, org)).toBe(storageBefore - left.sizeBytes);
    for (const key of filesOf(left)) expect(await stored(key)).toBe(false);
    for (const key of filesOf(attached)) expect(await stored(key)).toBe(true);
    const view = await expectJson<Json>(
      await call('GET', `/api/education/uploads/${left.uploadId}`, as(author, org)),
      200,
    );
    expect(view).toMatchObject({ status: 'rejected', reason: 'unclaimed' });
    await expectError(await createPost(author, org, [left.uploadId]), 410, 'gone');

    // The attached file still downloads from its post, after more sweeps.
    clock.advance(72 * hour);
    await sweep();
    await freshToken(author);
    const read = await expectJson<Json>(await call('GET', `/api/community/posts/${post.id}`, as(author, org)), 200);
    expect((await platform.app.request(read.attachments[0].url)).status).toBe(200);
  });
});

describe('account deletion removes the files', () => {
  it("purges the user's post files in shared and deleted organisations, not the others'", async () => {
    const owner = await signUp(call, 'files-owner@example.com', 'Files Owner');
    const leaving = await signUp(call, 'files-leaving@example.com', 'Files Leaving');
    const shared = owner.personalOrgId;
    const own = leaving.personalOrgId;
    await join(call, owner, shared, leaving, 'member');

    const onPost = await upload(leaving, shared, 70);
    const unattached = await upload(leaving, shared, 71);
    const inOwnOrg = await upload(leaving, own, 72);
    const ownersFile = await upload(owner, shared, 73);
    const kept = await expectJson<Json>(await createPost(leaving, shared, [onPost.uploadId]), 201);
    await expectJson(await createPost(leaving, own, [inOwnOrg.uploadId]), 201);
    const ownersPost = await expectJson<Json>(await createPost(owner, shared, [ownersFile.uploadId]), 201);

    expect(
      (await call('DELETE', '/api/me', { token: leaving.accessToken, body: { password: strongPassword } })).status,
    ).toBe(204);

    // The post stays as "Deleted user" and shows no files at once; the queued job deletes them.
    const anonymised = await expectJson<Json>(
      await call('GET', `/api/community/posts/${kept.id}`, as(owner, shared)),
      200,
    );
    expect(anonymised.authorProfile.name).toBe('Deleted user');
    expect(anonymised.attachments).toEqual([]);
    const theirs = [...filesOf(onPost), ...filesOf(unattached), ...filesOf(inOwnOrg)];
    await poll(
      async () => Promise.all(theirs.map(stored)),
      (present) => present.every((p) => !p),
      'removal of the deleted account files',
    );
    for (const key of filesOf(ownersFile)) expect(await stored(key)).toBe(true);
    const ownersRead = await expectJson<Json>(
      await call('GET', `/api/community/posts/${ownersPost.id}`, as(owner, shared)),
      200,
    );
    expect((await platform.app.request(ownersRead.attachments[0].url)).status).toBe(200);
    // The organisation deleted with the account keeps no upload records (uploads.purge-organization).
    await poll(
      async () => (await platform.deps.itemStore.query({ pk: `T#${own}#UPLOADS` })).items.length,
      (left) => left === 0,
      'removal of the deleted organisation upload records',
    );
    // Their uploads are gone from the shared organisation's records too.
    await expectError(
      await call('GET', `/api/education/uploads/${unattached.uploadId}`, as(owner, shared)),
      404,
      'not_found',
    );
  });
});
