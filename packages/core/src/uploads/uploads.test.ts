import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import { fakePng } from '../testing/fake-media-inspector.ts';
import { committedStorage, uploadJobTypes } from './index.ts';
import type { RequestUploadInput } from './request-upload.ts';
import { createUploadsTestKit, type UploadsTestKit, uploadActor } from './uploads-test-kit.ts';

const mib = 1024 * 1024;
const teacher = uploadActor();
const otherOrg = uploadActor({ userId: 'usr_stranger', orgId: 'org_two', role: 'owner' });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  return error;
}

describe('uploads pipeline', () => {
  let kit: UploadsTestKit;
  const png = fakePng(800, 600);
  const request = (overrides: Partial<RequestUploadInput> = {}, actor: Actor = teacher) =>
    kit.uploads.requestUpload(actor, {
      ownerKind: 'lesson',
      ownerId: 'les_1',
      purpose: 'section-asset',
      fileName: 'diagram.png',
      contentType: 'image/png',
      sizeBytes: png.length,
      ...overrides,
    });

  beforeEach(() => {
    kit = createUploadsTestKit();
    kit.owner.lessons.set('org_one', new Set(['les_1']));
    kit.owner.lessons.set('org_two', new Set(['les_2']));
  });

  it('takes an image from request to ready: checked, measured, thumbnailed, moved, attached, notified', async () => {
    const ticket = await request({ context: { sectionId: 'sec_9' } });
    expect(ticket).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    expect(ticket.uploadId).toMatch(/^upl_/);
    expect(ticket.expiresAt).toBe(kit.clock.nowMs() + 15 * 60_000);
    expect((await kit.uploads.get(teacher, ticket.uploadId)).status).toBe('pending');
    expect(await committedStorage(kit.store, 'org_one')).toBe(png.length);

    expect(await kit.put(ticket, png)).toBe(204);
    const completed = await kit.uploads.complete(teacher, ticket.uploadId);
    expect(completed.status).toBe('processing');
    // A second complete (double click, retried request) queues nothing more.
    await kit.uploads.complete(teacher, ticket.uploadId);
    expect((await kit.queue.stats()).ready).toBe(1);
    expect(await kit.drain()).toMatchObject({ completed: 1, dead: 0 });

    const view = await kit.uploads.get(teacher, ticket.uploadId);
    const key = `lessons/org_one/les_1/images/${ticket.uploadId}.png`;
    const thumbnailKey = `lessons/org_one/les_1/thumbnails/${ticket.uploadId}.webp`;
    expect(view).toMatchObject({
      status: 'ready',
      reason: null,
      asset: { key, thumbnailKey, metadata: { width: 800, height: 600 } },
    });
    expect(view.asset?.downloadUrl).toMatch(/^memory:\/\/blobs\/download\?/);
    expect(kit.blobs.keys()).toEqual([key, thumbnailKey]);
    expect(kit.owner.attached).toEqual([
      expect.objectContaining({
        uploadId: ticket.uploadId,
        key,
        thumbnailKey,
        organizationId: 'org_one',
        ownerId: 'les_1',
        purpose: 'section-asset',
        createdBy: teacher.userId,
        context: { sectionId: 'sec_9' },
        metadata: { width: 800, height: 600 },
      }),
    ]);
    expect(kit.notifications).toEqual([
      expect.objectContaining({
        organizationId: 'org_one',
        userId: teacher.userId,
        kind: 'uploads.ready',
        link: '/lessons/les_1',
        dedupeKey: `upload:${ticket.uploadId}:ready`,
      }),
    ]);
    const download = await kit.blobs.fetch(view.asset!.downloadUrl, { method: 'GET' });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
    expect(await committedStorage(kit.store, 'org_one')).toBe(png.length);
  });

  it('is idempotent when the job is delivered again', async () => {
    const ticket = await request();
    await kit.put(ticket, png);
    await kit.uploads.complete(teacher, ticket.uploadId);
    await kit.drain();
    const again = kit.uploads.jobHandlers[uploadJobTypes.process]!;
    const job = { id: 'job_x', type: uploadJobTypes.process, attempt: 2, firstEnqueuedAt: 0 };
    await again({ ...job, payload: { organizationId: 'org_one', uploadId: ticket.uploadId } });
    expect(kit.owner.attached).toHaveLength(1);
    expect(new Set(kit.notifications.map((n) => n.dedupeKey)).size).toBe(1);
    expect((await kit.uploads.get(teacher, ticket.uploadId)).status).toBe('ready');
  });

  it('resumes after a delivery that died after moving the file', async () => {
    const ticket = await request();
    await kit.put(ticket, png);
    await kit.uploads.complete(teacher, ticket.uploadId);
    // Simulate the first delivery's progress: the file was checked and moved, then the worker died.
    await kit.blobs.move(
      `uploads/temp/org_one/${ticket.uploadId}`,
      `lessons/org_one/les_1/images/${ticket.uploadId}.png`,
    );
    await kit.drain();
    expect((await kit.uploads.get(teacher, ticket.uploadId)).status).toBe('ready');
    expect(kit.owner.attached).toHaveLength(1);
  });

  describe('refuses at request time, storing nothing', () => {
    const cases: [string, Partial<RequestUploadInput>, string][] = [
      [
        'an unknown content type',
        { contentType: 'application/x-msdownload', fileName: 'a.exe' },
        'unsupported_media_type',
      ],
      ['SVG (scriptable)', { contentType: 'image/svg+xml', fileName: 'a.svg' }, 'unsupported_media_type'],
      [
        'a name that does not match the type',
        { contentType: 'image/png', fileName: 'notes.pdf' },
        'unsupported_media_type',
      ],
      ['a name without extension', { fileName: 'diagram' }, 'unsupported_media_type'],
      [
        'a type the purpose does not take',
        { purpose: 'thumbnail', contentType: 'application/pdf', fileName: 'a.pdf' },
        'unsupported_media_type',
      ],
      ['an image over 10 MiB', { sizeBytes: 10 * mib + 1 }, 'payload_too_large'],
      [
        'a video over 500 MiB',
        { contentType: 'video/mp4', fileName: 'v.mp4', sizeBytes: 500 * mib + 1 },
        'payload_too_large',
      ],
      ['a size of zero', { sizeBytes: 0 }, 'invalid_input'],
      ['a path as file name', { fileName: '../../etc/passwd.png' }, 'invalid_input'],
      ['an unknown purpose', { purpose: 'malware' as never }, 'invalid_input'],
      ['an unknown owner kind', { ownerKind: 'spaceship' }, 'not_found'],
      ['an owner that does not exist', { ownerId: 'les_404' }, 'not_found'],
      ["another organisation's owner", { ownerId: 'les_2' }, 'not_found'],
    ];
    for (const [name, overrides, code] of cases) {
      it(name, async () => {
        const before = await kit.snapshot('org_one');
        expect((await failure(request(overrides))).code).toBe(code);
        expect(await kit.snapshot('org_one')).toEqual(before);
      });
    }

    it('a member without upload permission (403)', async () => {
      const before = await kit.snapshot('org_one');
      expect((await failure(request({}, uploadActor({ role: 'member' })))).code).toBe('forbidden');
      expect(await kit.snapshot('org_one')).toEqual(before);
    });

    it("an upload beyond the organisation's storage quota (413), reserved per request", async () => {
      const video = { contentType: 'video/mp4', fileName: 'talk.mp4', sizeBytes: 500 * mib };
      await request(video);
      await request(video);
      const before = await kit.snapshot('org_one');
      const error = await failure(request(video));
      expect(error.code).toBe('payload_too_large');
      expect(error.details).toMatchObject({ reason: 'storage_quota', limitBytes: 1024 * mib, usedBytes: 1000 * mib });
      expect(await kit.snapshot('org_one')).toEqual(before);
      // Enterprise has no storage limit.
      await request(video, uploadActor({ plan: 'enterprise' }));
    });
  });

  describe('refuses at processing time: rejected with a reason, file deleted, storage given back', () => {
    const process = async (bytes: Uint8Array, overrides: Partial<RequestUploadInput> = {}, direct = false) => {
      const ticket = await request({ sizeBytes: bytes.length, ...overrides });
      if (direct) await kit.blobs.put(`uploads/temp/org_one/${ticket.uploadId}`, bytes, 'image/png');
      else expect(await kit.put(ticket, bytes)).toBe(204);
      await kit.uploads.complete(teacher, ticket.uploadId);
      await kit.drain();
      return kit.uploads.get(teacher, ticket.uploadId);
    };
    const expectRejected = async (view: Awaited<ReturnType<typeof process>>, reason: string) => {
      expect(view).toMatchObject({ status: 'rejected', reason, asset: null });
      expect(view.message).toBeTruthy();
      expect(kit.blobs.keys()).toEqual([]);
      expect(kit.owner.attached).toEqual([]);
      expect(await committedStorage(kit.store, 'org_one')).toBe(0);
      expect(kit.notifications).toEqual([
        expect.objectContaining({
          kind: 'uploads.rejected',
          userId: teacher.userId,
          dedupeKey: `upload:${view.uploadId}:rejected`,
        }),
      ]);
    };

    it('an executable renamed .png', async () => {
      const exe = new Uint8Array(128);
      exe.set([0x4d, 0x5a]);
      await expectRejected(await process(exe), 'executable');
    });

    it('an ELF binary declared as a PDF', async () => {
      const elf = new Uint8Array(64);
      elf.set([0x7f, 0x45, 0x4c, 0x46]);
      await expectRejected(await process(elf, { contentType: 'application/pdf', fileName: 'x.pdf' }), 'executable');
    });

    it('a ZIP archive declared as a PNG', async () => {
      const zip = new Uint8Array(64);
      zip.set([0x50, 0x4b, 0x03, 0x04]);
      await expectRejected(await process(zip), 'archive');
    });

    it('a PDF declared as a PNG (mismatched type)', async () => {
      await expectRejected(await process(new TextEncoder().encode('%PDF-1.4 ...')), 'type_mismatch');
    });

    it('bytes that match no image at all', async () => {
      await expectRejected(await process(new TextEncoder().encode('just some text, not a png')), 'type_mismatch');
    });

    it('a binary declared as markdown', async () => {
      await expectRejected(
        await process(fakePng(1, 1), { contentType: 'text/markdown', fileName: 'a.md' }),
        'type_mismatch',
      );
    });

    it('markdown that is not UTF-8 text', async () => {
      const bytes = new Uint8Array([0x23, 0x20, 0xc3, 0x28, 0x00]);
      await expectRejected(await process(bytes, { contentType: 'text/markdown', fileName: 'a.md' }), 'type_mismatch');
    });

    it('a file larger than declared (written around the signed URL)', async () => {
      const ticket = await request({ sizeBytes: 64 });
      await kit.blobs.put(`uploads/temp/org_one/${ticket.uploadId}`, fakePng(10, 10, 100), 'image/png');
      await kit.uploads.complete(teacher, ticket.uploadId);
      await kit.drain();
      await expectRejected(await kit.uploads.get(teacher, ticket.uploadId), 'too_large');
    });

    it('a file smaller than declared', async () => {
      const ticket = await request({ sizeBytes: 100 });
      expect(await kit.put(ticket, fakePng(10, 10, 64))).toBe(204);
      await kit.uploads.complete(teacher, ticket.uploadId);
      await kit.drain();
      await expectRejected(await kit.uploads.get(teacher, ticket.uploadId), 'size_mismatch');
    });

    it('a damaged image', async () => {
      const bytes = fakePng(10, 10, 80);
      bytes.set(new TextEncoder().encode('CORRUPT'), 40);
      await expectRejected(await process(bytes), 'unreadable');
    });

    it('an owner that disappeared before the file was attached', async () => {
      kit.owner.failAttachWith = AppError.notFound('lesson', 'les_1');
      await expectRejected(await process(png), 'owner_gone');
    });
  });

  it('refuses the signed URL for another type or a bigger body (browser side)', async () => {
    const ticket = await request();
    expect(await kit.put({ ...ticket, headers: { 'Content-Type': 'text/html' } }, png)).toBe(403);
    expect(await kit.put(ticket, new Uint8Array(png.length + 1))).toBe(413);
    const tampered = ticket.uploadUrl.replace(/([?&]max=)\d+/, '$1999999');
    expect(await kit.put({ ...ticket, uploadUrl: tampered }, png)).toBe(403);
    kit.clock.advance(16 * 60_000);
    expect(await kit.put(ticket, png)).toBe(403);
    expect(kit.blobs.keys()).toEqual([]);
  });

  it('refuses to complete an upload whose file never arrived (409), changing nothing', async () => {
    const ticket = await request();
    const before = await kit.snapshot('org_one');
    const error = await failure(kit.uploads.complete(teacher, ticket.uploadId));
    expect(error).toMatchObject({ code: 'conflict', details: { reason: 'not_uploaded' } });
    expect(await kit.snapshot('org_one')).toEqual(before);
  });

  it('hides uploads from other organisations and from members who may not use the owner (404)', async () => {
    const ticket = await request();
    await kit.put(ticket, png);
    for (const actor of [otherOrg, uploadActor({ userId: 'usr_member', role: 'member' })]) {
      expect((await failure(kit.uploads.get(actor, ticket.uploadId))).code).toBe('not_found');
      expect((await failure(kit.uploads.complete(actor, ticket.uploadId))).code).toBe('not_found');
    }
    expect((await failure(kit.uploads.get(teacher, 'upl_nonsense'))).code).toBe('not_found');
    // A colleague who may attach files to the lesson sees it.
    expect(
      (await kit.uploads.get(uploadActor({ userId: 'usr_colleague', role: 'admin' }), ticket.uploadId)).status,
    ).toBe('pending');
    expect((await kit.queue.stats()).ready).toBe(0);
  });

  it('sweeps uploads abandoned for 24 hours and their temporary objects', async () => {
    const abandoned = await request();
    await kit.put(abandoned, png);
    const neverSent = await request();
    kit.clock.advance(23 * 3600_000);
    const recent = await request();
    await kit.put(recent, png);
    // A stray temp object without an upload record (a crash between upload and bookkeeping).
    await kit.blobs.put('uploads/temp/org_one/upl_STRAY', png, 'image/png');
    kit.blobs.setLastModified('uploads/temp/org_one/upl_STRAY', kit.clock.nowMs() - 25 * 3600_000);
    kit.clock.advance(2 * 3600_000);

    expect(await kit.uploads.sweep()).toEqual({ expiredUploads: 2, unclaimedUploads: 0, deletedObjects: 1 });
    expect((await kit.uploads.get(teacher, abandoned.uploadId)).reason).toBe('expired');
    expect((await kit.uploads.get(teacher, neverSent.uploadId)).reason).toBe('expired');
    expect((await kit.uploads.get(teacher, recent.uploadId)).status).toBe('pending');
    expect(kit.blobs.keys()).toEqual([`uploads/temp/org_one/${recent.uploadId}`]);
    expect(await committedStorage(kit.store, 'org_one')).toBe(png.length);
    // A second run finds nothing more to do.
    expect(await kit.uploads.sweep()).toEqual({ expiredUploads: 0, unclaimedUploads: 0, deletedObjects: 0 });
  });

  it('discards an upload for its owner: files gone, storage given back, idempotent', async () => {
    const ready = await request();
    await kit.put(ready, png);
    await kit.uploads.complete(teacher, ready.uploadId);
    await kit.drain();
    const pending = await request();
    expect(await committedStorage(kit.store, 'org_one')).toBe(2 * png.length);
    expect(kit.blobs.keys()).toHaveLength(2);

    expect(await kit.uploads.discard('org_one', ready.uploadId)).toBe(true);
    expect(await kit.uploads.discard('org_one', pending.uploadId)).toBe(true);
    expect(await kit.uploads.discard('org_one', ready.uploadId)).toBe(false);
    expect(await kit.uploads.discard('org_two', pending.uploadId)).toBe(false);
    expect(kit.blobs.keys()).toEqual([]);
    expect(await committedStorage(kit.store, 'org_one')).toBe(0);
    expect((await failure(kit.uploads.get(teacher, ready.uploadId))).code).toBe('not_found');
  });

  it("purges a deleted organisation's files (records, objects, stray objects under its prefix) and no other's", async () => {
    const ready = await request();
    await kit.put(ready, png);
    await kit.uploads.complete(teacher, ready.uploadId);
    await kit.drain();
    const pending = await request();
    await kit.put(pending, png);
    const theirs = await request({ ownerId: 'les_2' }, otherOrg);
    await kit.put(theirs, png);
    await kit.blobs.put('orgs/org_one/community/attachments/usr_x/images/stray.png', png, 'image/png');
    const kept = kit.blobs.keys().filter((key) => key.includes('org_two'));
    expect(kept).toHaveLength(1);

    await kit.uploads.schedulePurgeOfOrganization('org_one');
    await kit.uploads.schedulePurgeOfOrganization('org_one'); // deduplicated
    expect(await kit.drain()).toMatchObject({ completed: 1, dead: 0 });
    expect(kit.blobs.keys()).toEqual(kept);
    expect((await failure(kit.uploads.get(teacher, ready.uploadId))).code).toBe('not_found');
    expect((await failure(kit.uploads.get(teacher, pending.uploadId))).code).toBe('not_found');
    expect((await kit.uploads.get(otherOrg, theirs.uploadId)).status).toBe('pending');
  });
});
