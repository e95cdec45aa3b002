/**
 * The upload pipeline end to end over HTTP on a real platform (SQLite, local queue with its workers,
 * local blob store, the real media inspector): request → PUT to the signed URL → complete → the
 * processing job → ready or rejected, with every refusal of issue 4's bad-input list.
 */
import { sampleExe, samplePdf, samplePng, sampleZip } from '@diatonic/adapters/testing';
import { committedStorage } from '@diatonic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  createOrg,
  expectJson,
  type Json,
  join,
  type SignedUp,
  signUp,
} from '../../test/identity-client.ts';
import { manualClock, startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { moduleOwnerFor, type TestModules } from '../../test/test-upload-owner.ts';
import type { Workers } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';

let platform: TempPlatform;
let workers: Workers;
let call: Call;
let owner: SignedUp;
let instructor: SignedUp;
let member: SignedUp;
let ownerB: SignedUp;
let orgA: string;
let orgB: string;
let modules: TestModules;
let moduleA: string;
let moduleB: string;
const clock = manualClock(Date.now());

beforeAll(async () => {
  // A small JSON body limit: uploads to signed URLs must not be held to it.
  platform = await startTempPlatform({ clock, env: { BODY_LIMIT_BYTES: '2048', RATE_LIMIT_REQUESTS: '0' } });
  call = caller(platform);
  owner = await signUp(call, 'upload-owner@example.com');
  instructor = await signUp(call, 'upload-instructor@example.com');
  member = await signUp(call, 'upload-member@example.com');
  ownerB = await signUp(call, 'upload-owner-b@example.com');
  orgA = await createOrg(call, owner, 'Uploads A');
  orgB = await createOrg(call, ownerB, 'Uploads B');
  await join(call, owner, orgA, instructor, 'instructor');
  await join(call, owner, orgA, member, 'member');
  modules = moduleOwnerFor(platform.deps, (method, path, o) => call(method, path, o));
  moduleA = await modules.create(orgA, instructor.accessToken);
  moduleB = await modules.create(orgB, ownerB.accessToken);
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const as = (user: SignedUp, orgId = orgA) => ({ token: user.accessToken, orgId });

interface Ticket {
  uploadId: string;
  uploadUrl: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
}

const requestUpload = (user: SignedUp, body: Record<string, unknown>, moduleId = moduleA, orgId = orgA) =>
  call('POST', `/api/education/modules/${moduleId}/upload`, { ...as(user, orgId), body });

async function ticketFor(bytes: Uint8Array, body: Record<string, unknown> = {}, moduleId = moduleA): Promise<Ticket> {
  return expectJson<Ticket>(
    await requestUpload(
      instructor,
      {
        fileName: 'picture.png',
        contentType: 'image/png',
        sizeBytes: bytes.length,
        purpose: 'section-asset',
        ...body,
      },
      moduleId,
    ),
    201,
  );
}

const put = (url: string, bytes: Uint8Array, headers: Record<string, string>) =>
  platform.app.request(url, { method: 'PUT', headers, body: bytes as Uint8Array<ArrayBuffer> });

const statusOf = (uploadId: string, user = instructor, orgId = orgA) =>
  call('GET', `/api/education/uploads/${uploadId}`, as(user, orgId));

async function settled(uploadId: string): Promise<Json> {
  for (let i = 0; i < 300; i++) {
    const view = await expectJson<Json>(await statusOf(uploadId), 200);
    if (view.status === 'ready' || view.status === 'rejected') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`upload ${uploadId} never finished processing`);
}

async function uploadAndProcess(
  bytes: Uint8Array,
  body: Record<string, unknown> = {},
  moduleId = moduleA,
): Promise<Json> {
  const ticket = await ticketFor(bytes, body, moduleId);
  const res = await put(ticket.uploadUrl, bytes, ticket.headers);
  expect(res.status, await res.clone().text()).toBe(204);
  const completed = await expectJson<Json>(
    await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as(instructor)),
    200,
  );
  expect(completed.status).toBe('processing');
  return settled(ticket.uploadId);
}

/** What a file refused at processing must leave as it was: stored objects and reserved storage. */
async function storedFiles() {
  const { blobStore, itemStore } = platform.deps;
  return {
    blobs: (await blobStore.list('')).items.map((b) => b.key),
    committed: await committedStorage(itemStore, orgA),
    committedB: await committedStorage(itemStore, orgB),
  };
}

/** Everything a refused request must leave as it was: the files, and no upload record either. */
async function storedState() {
  const { uploads } = platform.deps;
  return {
    ...(await storedFiles()),
    uploadsA: await uploads.ownedBy(orgA, 'module', moduleA, 1000),
    uploadsB: await uploads.ownedBy(orgB, 'module', moduleB, 1000),
  };
}

const editorView = async (moduleId: string) =>
  expectJson<Json>(await call('GET', `/api/education/modules/${moduleId}`, as(instructor)), 200);

const keysUnder = async (prefix: string) => (await platform.deps.blobStore.list(prefix)).items.map((b) => b.key).sort();

/** Runs education's file job directly (as a worker would), for cases that must leave files alone. */
const discardJob = (payload: Record<string, unknown>) =>
  platform.deps.education.jobHandlers['education.discard-module-files']!({
    id: 'job_test',
    type: 'education.discard-module-files',
    payload,
    attempt: 1,
    firstEnqueuedAt: clock.nowMs(),
  });

/** The upload's status response once it answers `status` (the worker discards asynchronously). */
async function pollStatus(uploadId: string, status: number): Promise<Response> {
  await expect.poll(async () => (await statusOf(uploadId)).status, { timeout: 15_000 }).toBe(status);
  return statusOf(uploadId);
}

describe('upload pipeline over HTTP', () => {
  it('takes a PNG from request to a ready asset with dimensions, a thumbnail and a notification', async () => {
    const png = await samplePng(1200, 800);
    expect(png.length).toBeGreaterThan(2048);
    const ticket = await ticketFor(png, { sectionId: 'sec_intro' });
    expect(ticket).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    expect(ticket.uploadUrl).toMatch(/^\/api\/blobs\/upload\?/);
    expect(Date.parse(ticket.expiresAt)).toBe(Math.floor(clock.nowMs() / 1000) * 1000 + 15 * 60_000);
    expect((await expectJson<Json>(await statusOf(ticket.uploadId), 200)).status).toBe('pending');
    expect((await put(ticket.uploadUrl, png, ticket.headers)).status).toBe(204);
    await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as(instructor));
    const view = await settled(ticket.uploadId);
    expect(view).toMatchObject({
      status: 'ready',
      reason: null,
      fileName: 'picture.png',
      asset: { metadata: { width: 1200, height: 800 } },
    });
    expect(view.asset.key).toBe(`orgs/${orgA}/modules/${moduleA}/images/${ticket.uploadId}.png`);
    expect(view.asset.thumbnailKey).toBe(`orgs/${orgA}/modules/${moduleA}/thumbnails/${ticket.uploadId}.webp`);

    const file = await platform.app.request(view.asset.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(file.headers.get('content-disposition')).toContain('picture.png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    expect(file.headers.get('accept-ranges')).toBe('bytes');
    // Range requests, as a video element seeking sends them: one range → 206, past the end → 416.
    const part = await platform.app.request(view.asset.downloadUrl, { headers: { Range: 'bytes=8-23' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-23/${png.length}`);
    expect(part.headers.get('content-length')).toBe('16');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(png.subarray(8, 24));
    const tail = await platform.app.request(view.asset.downloadUrl, { headers: { Range: 'bytes=-4' } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(png.subarray(png.length - 4));
    const past = await platform.app.request(view.asset.downloadUrl, { headers: { Range: `bytes=${png.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${png.length}`);
    const thumbnail = await platform.app.request(view.asset.thumbnailUrl);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');

    // Education attached it: no section `sec_intro` in the module, so it joined the module's documents.
    const module = await expectJson<Json>(await call('GET', `/api/education/modules/${moduleA}`, as(instructor)), 200);
    expect(module.documents.map((d: Json) => d.uploadId)).toContain(ticket.uploadId);
    const inbox = await expectJson<Json>(await call('GET', '/api/notifications', as(instructor)), 200);
    expect(inbox.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'uploads.ready', title: 'picture.png is ready' })]),
    );
    // Completing again answers the finished upload and queues nothing.
    const again = await expectJson<Json>(
      await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as(instructor)),
      200,
    );
    expect(again.status).toBe('ready');
  });

  it('reads a PDF document: page count, text and a thumbnail of its first page', async () => {
    const pdf = samplePdf(['Neural networks in one page', 'Gradient descent']);
    const view = await uploadAndProcess(pdf, {
      fileName: 'notes.pdf',
      contentType: 'application/pdf',
      purpose: 'document',
    });
    expect(view).toMatchObject({ status: 'ready', asset: { metadata: { pageCount: 2, wordCount: 7 } } });
    expect(view.asset.metadata.text).toContain('Gradient descent');
    expect(view.asset.key).toMatch(/\/documents\/upl_[0-9A-Z]+\.pdf$/);
    const thumbnail = await platform.app.request(view.asset.thumbnailUrl);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    // The module player may frame PDFs; other sites may not, and the browser's viewer is not sandboxed away.
    const file = await platform.app.request(view.asset.downloadUrl);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(file.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
  });

  it("sets a processed thumbnail on the module, and a deleted module's files and storage go with it", async () => {
    const moduleId = await modules.create(orgA, instructor.accessToken);
    const png = await samplePng(320, 200);
    const committedBefore = await committedStorage(platform.deps.itemStore, orgA);
    const ready = await uploadAndProcess(png, { fileName: 'cover.png', purpose: 'thumbnail' }, moduleId);
    expect(ready.status).toBe('ready');
    const module = await editorView(moduleId);
    expect(module.thumbnailUrl).toBe(
      `/api/education/modules/${moduleId}/asset?key=${encodeURIComponent(ready.asset.thumbnailKey)}`,
    );
    const prefix = `orgs/${orgA}/modules/${moduleId}/`;
    const { itemStore, uploads } = platform.deps;
    expect(await keysUnder(prefix)).toEqual([ready.asset.key, ready.asset.thumbnailKey].sort());
    expect(await committedStorage(itemStore, orgA)).toBe(committedBefore + png.length);

    // A job for a module that still exists, naming no file, leaves its files alone.
    await discardJob({ organizationId: orgA, moduleId });
    expect(await keysUnder(prefix)).toHaveLength(2);

    const deleted = await expectJson<Json>(
      await call('DELETE', `/api/education/modules/${moduleId}`, as(instructor)),
      200,
    );
    expect(deleted.outcome).toBe('deleted');
    // The worker discards the module's uploads: objects gone, storage given back, the upload forgotten.
    await expect.poll(() => keysUnder(prefix), { timeout: 15_000 }).toEqual([]);
    await expect.poll(() => committedStorage(itemStore, orgA), { timeout: 15_000 }).toBe(committedBefore);
    expect(await uploads.ownedBy(orgA, 'module', moduleId)).toEqual([]);
    await expectError(await statusOf(ready.uploadId), 404, 'not_found');
  });

  it('gives back the storage of replaced and removed files unless a published version still shows them', async () => {
    const moduleId = await modules.create(orgA, instructor.accessToken);
    const edu = (method: string, path: string, user: SignedUp, body?: unknown) =>
      call(method, `/api/education/modules/${moduleId}${path}`, { ...as(user), ...(body ? { body } : {}) });
    await expectJson<Json>(
      await edu('POST', '/sections', instructor, {
        title: 'Read',
        contentType: 'text',
        contentData: { markdown: 'x' },
      }),
      201,
    );
    const { itemStore } = platform.deps;
    const committedBefore = await committedStorage(itemStore, orgA);
    const [one, two, three, figure] = await Promise.all([
      samplePng(40, 40),
      samplePng(50, 50),
      samplePng(60, 60),
      samplePng(70, 70),
    ]);
    const first = await uploadAndProcess(one, { fileName: 'one.png', purpose: 'thumbnail' }, moduleId);
    const second = await uploadAndProcess(two, { fileName: 'two.png', purpose: 'thumbnail' }, moduleId);
    // The draft's first thumbnail was never published: replaced, it goes, and its storage with it.
    await expectError(await pollStatus(first.uploadId, 404), 404, 'not_found');
    expect(await keysUnder(`orgs/${orgA}/modules/${moduleId}/`)).toEqual(
      [second.asset.key, second.asset.thumbnailKey].sort(),
    );
    expect(await committedStorage(itemStore, orgA)).toBe(committedBefore + two.length);

    // Published, then replaced: version 1.0.0 still shows the second thumbnail, so it stays.
    await expectJson<Json>(await edu('POST', '/submit', instructor), 200);
    await expectJson<Json>(await edu('POST', '/approve', owner), 200);
    const third = await uploadAndProcess(three, { fileName: 'three.png', purpose: 'thumbnail' }, moduleId);
    expect((await editorView(moduleId)).thumbnailUrl).toContain(encodeURIComponent(third.asset.thumbnailKey));
    await discardJob({ organizationId: orgA, moduleId, uploadIds: [second.uploadId] });
    expect((await expectJson<Json>(await statusOf(second.uploadId), 200)).status).toBe('ready');
    expect(await committedStorage(itemStore, orgA)).toBe(committedBefore + two.length + three.length);
    // The author clears the thumbnail: the third one, never published, goes.
    const { version } = await editorView(moduleId);
    await expectJson<Json>(await edu('PUT', '', instructor, { thumbnailUrl: null, version }), 200);
    await expectError(await pollStatus(third.uploadId, 404), 404, 'not_found');
    expect((await expectJson<Json>(await statusOf(second.uploadId), 200)).status).toBe('ready');
    expect(await committedStorage(itemStore, orgA)).toBe(committedBefore + two.length);

    // A section added since publishing, with a file, then deleted: the file goes.
    const added = await expectJson<Json>(
      await edu('POST', '/sections', instructor, {
        title: 'Figure',
        contentType: 'text',
        contentData: { markdown: 'y' },
      }),
      201,
    );
    const drawn = await uploadAndProcess(figure, { fileName: 'figure.png', sectionId: added.sectionId }, moduleId);
    expect((await editorView(moduleId)).sections[1].asset.uploadId).toBe(drawn.uploadId);
    await expectJson<Json>(await edu('DELETE', `/sections/${added.sectionId}`, instructor), 200);
    await expectError(await pollStatus(drawn.uploadId, 404), 404, 'not_found');
    expect(await committedStorage(itemStore, orgA)).toBe(committedBefore + two.length);
    // Another module's file named in a link is never this module's to discard.
    const other = await uploadAndProcess(one, { fileName: 'other.png' });
    await discardJob({ organizationId: orgA, moduleId, uploadIds: [other.uploadId] });
    expect((await expectJson<Json>(await statusOf(other.uploadId), 200)).status).toBe('ready');
  });

  it('documents the upload routes in OpenAPI', async () => {
    const doc = (await (await platform.app.request('/api/openapi.json')).json()) as Json;
    expect(doc.paths['/api/education/modules/{id}/upload'].post.responses).toHaveProperty('201');
    expect(doc.paths['/api/education/uploads/{uploadId}/complete'].post.responses).toHaveProperty('409');
    expect(doc.paths['/api/education/uploads/{uploadId}'].get.responses).toHaveProperty('200');
    expect(doc.paths['/api/blobs/upload'].put.responses).toHaveProperty('413');
    expect(doc.components.schemas).toHaveProperty('UploadView');
  });

  describe('bad input', () => {
    it('refuses wrong or mismatched content types at request (415), storing nothing', async () => {
      const before = await storedState();
      const cases: Record<string, unknown>[] = [
        { fileName: 'tool.exe', contentType: 'application/x-msdownload' },
        { fileName: 'logo.svg', contentType: 'image/svg+xml' },
        { fileName: 'picture.pdf', contentType: 'image/png' },
        { fileName: 'notes.pdf', contentType: 'application/pdf', purpose: 'thumbnail' },
      ];
      for (const body of cases) {
        await expectError(
          await requestUpload(instructor, { sizeBytes: 100, purpose: 'section-asset', ...body }),
          415,
          'unsupported_media_type',
        );
      }
      await expectError(
        await requestUpload(instructor, {
          fileName: 'a.png',
          contentType: 'image/png',
          sizeBytes: 10,
          purpose: 'evil',
        }),
        400,
        'invalid_input',
      );
      expect(await storedState()).toEqual(before);
    });

    it('refuses an oversized file at request (413), storing nothing', async () => {
      const before = await storedState();
      const body = await expectError(
        await requestUpload(instructor, {
          fileName: 'huge.png',
          contentType: 'image/png',
          sizeBytes: 10 * 1024 * 1024 + 1,
          purpose: 'section-asset',
        }),
        413,
        'payload_too_large',
      );
      expect(body.error.details).toMatchObject({ reason: 'file_too_large', limitBytes: 10 * 1024 * 1024 });
      expect(await storedState()).toEqual(before);
    });

    it('refuses a body larger than signed at the signed URL (413) and again at processing', async () => {
      const png = await samplePng(64, 64);
      const ticket = await ticketFor(png);
      const before = await storedState();
      const bigger = new Uint8Array(png.length + 10);
      bigger.set(png);
      await expectError(await put(ticket.uploadUrl, bigger, ticket.headers), 413, 'payload_too_large');
      expect(await storedState()).toEqual(before);
      // Written around the signed URL (as a misbehaving store could): processing measures it again.
      await platform.deps.blobStore.put(`uploads/temp/${orgA}/${ticket.uploadId}`, bigger, 'image/png');
      await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as(instructor));
      const view = await settled(ticket.uploadId);
      expect(view).toMatchObject({ status: 'rejected', reason: 'too_large', asset: null });
      // The rejection is recorded first and the temporary object deleted right after it: poll for it.
      await expect
        .poll(async () => (await platform.deps.blobStore.list(`uploads/temp/${orgA}/${ticket.uploadId}`)).items)
        .toEqual([]);
    });

    it('refuses a tampered or expired signed URL (403), storing nothing', async () => {
      const png = await samplePng(32, 32);
      const ticket = await ticketFor(png);
      const before = await storedState();
      const url = new URL(ticket.uploadUrl, 'http://local');
      const otherKey = new URL(ticket.uploadUrl, 'http://local');
      otherKey.searchParams.set('key', `orgs/${orgB}/modules/${moduleB}/images/planted.png`);
      const longer = new URL(ticket.uploadUrl, 'http://local');
      longer.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 86_400));
      const noSig = new URL(ticket.uploadUrl, 'http://local');
      noSig.searchParams.delete('sig');
      for (const tampered of [otherKey, longer, noSig]) {
        const body = await expectError(
          await put(`${tampered.pathname}${tampered.search}`, png, ticket.headers),
          403,
          'forbidden',
        );
        expect(body.error.details).toMatchObject({ reason: 'bad_signature' });
      }
      const typed = await expectError(
        await put(ticket.uploadUrl, png, { 'Content-Type': 'text/html' }),
        403,
        'forbidden',
      );
      expect(typed.error.details).toMatchObject({ reason: 'content_type_mismatch' });
      clock.advance(16 * 60_000);
      const expired = await expectError(await put(ticket.uploadUrl, png, ticket.headers), 403, 'forbidden');
      // Back to the present, or every access token of this file would have expired too.
      clock.advance(-16 * 60_000);
      expect(expired.error.details).toMatchObject({ reason: 'expired' });
      expect(await storedState()).toEqual(before);
      // Downloads are signed the same way.
      await expectError(
        await platform.app.request('/api/blobs/download?key=orgs%2Fx&exp=99999999999&sig=AAAA'),
        403,
        'forbidden',
      );
    });

    it("refuses an upload into another organisation's module (404), storing nothing", async () => {
      const before = await storedState();
      const body = { fileName: 'a.png', contentType: 'image/png', sizeBytes: 100, purpose: 'thumbnail' };
      await expectError(await requestUpload(ownerB, body, moduleA, orgB), 404, 'not_found');
      await expectError(await requestUpload(owner, body, moduleB, orgA), 404, 'not_found');
      await expectError(await requestUpload(instructor, body, 'mod_does_not_exist'), 404, 'not_found');
      expect(await storedState()).toEqual(before);
    });

    it('refuses members who may not edit the module (403)', async () => {
      const before = await storedState();
      await expectError(
        await requestUpload(member, {
          fileName: 'a.png',
          contentType: 'image/png',
          sizeBytes: 100,
          purpose: 'thumbnail',
        }),
        403,
        'forbidden',
      );
      expect(await storedState()).toEqual(before);
    });

    it("hides one organisation's uploads from another (404)", async () => {
      const png = await samplePng(16, 16);
      const ticket = await ticketFor(png);
      await expectError(await statusOf(ticket.uploadId, ownerB, orgB), 404, 'not_found');
      await expectError(
        await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as(ownerB, orgB)),
        404,
        'not_found',
      );
      expect((await expectJson<Json>(await statusOf(ticket.uploadId), 200)).status).toBe('pending');
    });

    it('refuses to complete before the file was uploaded (409)', async () => {
      const ticket = await ticketFor(await samplePng(8, 8));
      const body = await expectError(
        await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as(instructor)),
        409,
        'conflict',
      );
      expect(body.error.details).toMatchObject({ reason: 'not_uploaded' });
      expect((await expectJson<Json>(await statusOf(ticket.uploadId), 200)).status).toBe('pending');
    });

    it('rejects an executable renamed .png at processing, keeping nothing of it', async () => {
      const before = await storedFiles();
      const view = await uploadAndProcess(sampleExe(), { fileName: 'cute-cat.png' });
      expect(view).toMatchObject({ status: 'rejected', reason: 'executable', asset: null });
      expect(view.message).toMatch(/Executable/);
      expect(await storedFiles()).toEqual(before);
      const inbox = await expectJson<Json>(await call('GET', '/api/notifications', as(instructor)), 200);
      expect(inbox.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'uploads.rejected', title: 'cute-cat.png was not accepted' }),
        ]),
      );
    });

    it('rejects an archive and a file whose bytes are another type than declared', async () => {
      const before = await storedFiles();
      expect(await uploadAndProcess(sampleZip(), { fileName: 'slides.png' })).toMatchObject({ reason: 'archive' });
      expect(await uploadAndProcess(samplePdf(), { fileName: 'photo.png' })).toMatchObject({ reason: 'type_mismatch' });
      expect(
        await uploadAndProcess(await samplePng(4, 4), {
          fileName: 'readme.md',
          contentType: 'text/markdown',
          purpose: 'document',
        }),
      ).toMatchObject({ reason: 'type_mismatch' });
      expect(await storedFiles()).toEqual(before);
    });
  });
});
