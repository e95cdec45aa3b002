/**
 * The behaviour every BlobStore adapter must show. Not a test file by itself: an adapter's test calls
 * `describeBlobStoreContract(name, makeStore)`.
 *
 * Uploads and downloads go through `fetch`, as a browser would: the real one for S3 (s3rver), an
 * in-process one for adapters that serve their own signed URLs. Adapters that check their own
 * signatures (`checksSignatures`) must also refuse tampered, expired, mistyped and oversized uploads,
 * storing nothing; s3rver checks no signatures, so for S3 those cases belong to AWS.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.ts';
import type { BlobStore, UploadGrant } from './blob-store.ts';

export interface BlobStoreContractEnv {
  /** The adapter must sign and verify expiry against this clock (epoch milliseconds). */
  nowMs: () => number;
}

export interface BlobStoreUnderTest {
  store: BlobStore;
  /** Sends a request to a URL the store signed. */
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** True when the adapter verifies its own URLs (signature, expiry, type, size). */
  checksSignatures: boolean;
  close?: () => void | Promise<void>;
}

export type MakeBlobStore = (env: BlobStoreContractEnv) => BlobStoreUnderTest | Promise<BlobStoreUnderTest>;

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (isAppError(e) ? e.code : e),
  );
}

export function describeBlobStoreContract(name: string, makeStore: MakeBlobStore): void {
  describe(`BlobStore contract: ${name}`, () => {
    let now = 0;
    let under: BlobStoreUnderTest;
    let store: BlobStore;
    // A fresh prefix per test keeps the cases independent on a shared bucket or folder.
    let counter = 0;
    let base = '';

    beforeEach(async () => {
      now = Date.now();
      under = await makeStore({ nowMs: () => now });
      store = under.store;
      counter += 1;
      base = `contract/${Date.now().toString(36)}-${counter}`;
    });
    afterEach(async () => {
      await under?.close?.();
    });

    const upload = (grant: UploadGrant, body: Uint8Array, headers: Record<string, string> = grant.headers) =>
      under.fetch(grant.url, { method: grant.method, headers, body: body as Uint8Array<ArrayBuffer> });

    it('accepts a signed upload and reports it through head, read, ranges and stream', async () => {
      const key = `${base}/notes.txt`;
      const grant = await store.createUpload({ key, contentType: 'text/plain', maxBytes: 100, expiresInSeconds: 60 });
      expect(grant.method).toBe('PUT');
      expect(grant.expiresAt).toBe(Math.floor(now / 1000) * 1000 + 60_000);
      expect(grant.headers['Content-Type'] ?? grant.headers['content-type']).toBe('text/plain');
      const res = await upload(grant, bytes('hello blob store'));
      expect(res.status).toBeLessThan(300);

      const head = await store.head(key);
      expect(head).toMatchObject({ key, sizeBytes: 16, contentType: 'text/plain' });
      expect(Math.abs((head?.lastModifiedMs ?? 0) - Date.now())).toBeLessThan(60_000);
      expect(text(await store.read(key))).toBe('hello blob store');
      expect(text(await store.read(key, { start: 6, end: 9 }))).toBe('blob');
      expect(text(await store.read(key, { start: 12, end: 1000 }))).toBe('tore');
      const stream = await store.stream(key);
      expect(stream).toBeDefined();
      expect(text(new Uint8Array(await new Response(stream).arrayBuffer()))).toBe('hello blob store');
    });

    it('answers undefined or false for missing objects', async () => {
      const key = `${base}/missing.bin`;
      expect(await store.head(key)).toBeUndefined();
      expect(await store.read(key)).toBeUndefined();
      expect(await store.stream(key)).toBeUndefined();
      expect(await store.delete(key)).toBe(false);
      expect(await store.move(key, `${base}/elsewhere.bin`)).toBe(false);
      expect(await store.head(`${base}/elsewhere.bin`)).toBeUndefined();
    });

    it('refuses keys that could escape or mean different things on different stores', async () => {
      for (const key of ['', '/abs', 'a/../b', 'a//b', './a', 'a/b/', 'spaced key', 'ü', 'a\\b', 'x'.repeat(1025)]) {
        expect(
          await codeOf(store.createUpload({ key, contentType: 'text/plain', maxBytes: 1, expiresInSeconds: 60 })),
        ).toBe('invalid_input');
        expect(await codeOf(store.put(key, bytes('x'), 'text/plain'))).toBe('invalid_input');
        expect(await codeOf(store.head(key))).toBe('invalid_input');
      }
      expect(
        await codeOf(
          store.createUpload({ key: `${base}/a`, contentType: 'text/plain', maxBytes: 0, expiresInSeconds: 60 }),
        ),
      ).toBe('invalid_input');
      expect(
        await codeOf(
          store.createUpload({ key: `${base}/a`, contentType: 'Text/Plain; x=1', maxBytes: 1, expiresInSeconds: 60 }),
        ),
      ).toBe('invalid_input');
    });

    it('puts, replaces, moves and deletes server-made objects', async () => {
      const key = `${base}/thumb.webp`;
      await store.put(key, bytes('first'), 'image/webp');
      await store.put(key, bytes('second!'), 'image/webp');
      expect(await store.head(key)).toMatchObject({ sizeBytes: 7, contentType: 'image/webp' });
      const target = `${base}/moved/thumb.webp`;
      expect(await store.move(key, target)).toBe(true);
      expect(await store.head(key)).toBeUndefined();
      expect(text(await store.read(target))).toBe('second!');
      expect((await store.head(target))?.contentType).toBe('image/webp');
      expect(await store.delete(target)).toBe(true);
      expect(await store.head(target)).toBeUndefined();
    });

    it('lists by prefix in key order, page by page', async () => {
      for (const name of ['c', 'a', 'b', 'd']) await store.put(`${base}/list/${name}`, bytes(name), 'text/plain');
      await store.put(`${base}/other/z`, bytes('z'), 'text/plain');
      const first = await store.list(`${base}/list/`, { limit: 3 });
      expect(first.items.map((i) => i.key)).toEqual([`${base}/list/a`, `${base}/list/b`, `${base}/list/c`]);
      expect(first.items[0]).toMatchObject({ sizeBytes: 1 });
      expect(first.nextCursor).not.toBeNull();
      const second = await store.list(`${base}/list/`, { limit: 3, cursor: first.nextCursor ?? undefined });
      expect(second.items.map((i) => i.key)).toEqual([`${base}/list/d`]);
      expect(second.nextCursor).toBeNull();
      expect((await store.list(`${base}/`)).items).toHaveLength(5);
      expect((await store.list(`${base}/none/`)).items).toEqual([]);
      expect(await codeOf(store.list(`${base}/`, { limit: 0 }))).toBe('invalid_input');
    });

    it('signs download URLs that serve the bytes', async () => {
      const key = `${base}/doc.txt`;
      await store.put(key, bytes('download me'), 'text/plain');
      const { url, expiresAt } = await store.createDownloadUrl({ key, expiresInSeconds: 120, fileName: 'doc.txt' });
      expect(expiresAt).toBe(Math.floor(now / 1000) * 1000 + 120_000);
      const res = await under.fetch(url, { method: 'GET' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('download me');
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    describe('signature checks', () => {
      const signed = async (key: string, maxBytes = 10) =>
        store.createUpload({ key, contentType: 'image/png', maxBytes, expiresInSeconds: 60 });

      it('refuses a tampered URL with 403 and stores nothing', async (ctx) => {
        if (!under.checksSignatures) return ctx.skip();
        const key = `${base}/victim.png`;
        const grant = await signed(key);
        const url = new URL(grant.url, 'http://blobs.test');
        const otherKey = `${base}/elsewhere.png`;
        const tamperedKey = grant.url.replace(encodeURIComponent(key), encodeURIComponent(otherKey));
        expect(tamperedKey).not.toBe(grant.url);
        expect((await upload({ ...grant, url: tamperedKey }, bytes('x'))).status).toBe(403);
        const sig = url.searchParams.get('sig') ?? '';
        const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
        expect((await upload({ ...grant, url: grant.url.replace(sig, flipped) }, bytes('x'))).status).toBe(403);
        const bigger = grant.url.replace(/([?&]max=)10\b/, '$11000');
        expect(bigger).not.toBe(grant.url);
        expect((await upload({ ...grant, url: bigger }, bytes('x'))).status).toBe(403);
        expect(await store.head(key)).toBeUndefined();
        expect(await store.head(otherKey)).toBeUndefined();
      });

      it('refuses an expired URL with 403', async (ctx) => {
        if (!under.checksSignatures) return ctx.skip();
        const key = `${base}/late.png`;
        const grant = await signed(key);
        now += 61_000;
        expect((await upload(grant, bytes('x'))).status).toBe(403);
        expect(await store.head(key)).toBeUndefined();
        const { url } = await store.createDownloadUrl({ key: `${base}/any`, expiresInSeconds: 1 });
        now += 2_000;
        expect((await under.fetch(url, { method: 'GET' })).status).toBe(403);
      });

      it('refuses a body of another content type than the signed one', async (ctx) => {
        if (!under.checksSignatures) return ctx.skip();
        const key = `${base}/typed.png`;
        const grant = await signed(key);
        expect((await upload(grant, bytes('x'), { 'Content-Type': 'text/html' })).status).toBe(403);
        expect(await store.head(key)).toBeUndefined();
      });

      it('refuses a body larger than signed with 413 and keeps nothing of it', async (ctx) => {
        if (!under.checksSignatures) return ctx.skip();
        const key = `${base}/big.png`;
        const grant = await signed(key, 10);
        expect((await upload(grant, bytes('01234567890'))).status).toBe(413);
        expect(await store.head(key)).toBeUndefined();
        // A chunked body without a length is counted while it streams.
        const chunks = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes('012345'));
            controller.enqueue(bytes('6789ab'));
            controller.close();
          },
        });
        const res = await under.fetch(grant.url, {
          method: 'PUT',
          headers: grant.headers,
          body: chunks,
          duplex: 'half',
        } as RequestInit);
        expect(res.status).toBe(413);
        expect(await store.head(key)).toBeUndefined();
        expect((await upload(grant, bytes('0123456789'))).status).toBeLessThan(300);
        expect((await store.head(key))?.sizeBytes).toBe(10);
      });

      it('refuses a tampered download URL with 403', async (ctx) => {
        if (!under.checksSignatures) return ctx.skip();
        await store.put(`${base}/secret.txt`, bytes('secret'), 'text/plain');
        await store.put(`${base}/public.txt`, bytes('public'), 'text/plain');
        const { url } = await store.createDownloadUrl({ key: `${base}/public.txt`, expiresInSeconds: 60 });
        const tampered = url.replace(encodeURIComponent('public.txt'), encodeURIComponent('secret.txt'));
        expect(tampered).not.toBe(url);
        expect((await under.fetch(tampered, { method: 'GET' })).status).toBe(403);
      });
    });
  });
}
