import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '@diatonic/core';
import { describeBlobStoreContract } from '@diatonic/core/testing';
import { describe, expect, it } from 'vitest';
import { createLocalBlobStore, type LocalBlobStore, localBlobRoutes } from './local-blob-store.ts';

const statusOf: Record<string, number> = { forbidden: 403, payload_too_large: 413, not_found: 404, invalid_input: 400 };

/** What the API's blob routes do, minus Hono: enough for the contract to upload and download as a browser. */
function serveLocally(store: LocalBlobStore) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const parsed = new URL(url, 'http://local.test');
    const headers = new Headers(init.headers);
    try {
      if (parsed.pathname === localBlobRoutes.upload && init.method === 'PUT') {
        const length = headers.get('content-length');
        const body = init.body
          ? new Request('http://x', { method: 'PUT', body: init.body, duplex: 'half' } as RequestInit).body
          : null;
        await store.acceptUpload({
          query: parsed.searchParams,
          contentType: headers.get('content-type'),
          contentLength: length ? Number(length) : init.body instanceof Uint8Array ? init.body.length : undefined,
          body,
        });
        return new Response(null, { status: 204 });
      }
      if (parsed.pathname === localBlobRoutes.download) {
        const download = await store.openDownload(parsed.searchParams);
        return new Response(download.stream, { headers: { 'content-type': download.contentType } });
      }
      return new Response(null, { status: 405 });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return Response.json({ error: { code: error.code } }, { status: statusOf[error.code] ?? 500 });
    }
  };
}

describeBlobStoreContract('local files', ({ nowMs }) => {
  const dir = mkdtempSync(join(tmpdir(), 'diatonic-blobs-'));
  const store = createLocalBlobStore({ dir, secret: 'local-blob-store-contract-secret-0123456789', nowMs });
  return {
    store,
    fetch: serveLocally(store),
    checksSignatures: true,
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('local blob store on disk', () => {
  it('keeps `a` and `a/b` apart and leaves no temporary files behind a refused upload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diatonic-blobs-'));
    try {
      const store = createLocalBlobStore({ dir, secret: 'local-blob-store-contract-secret-0123456789' });
      await store.put('a', new TextEncoder().encode('file a'), 'text/plain');
      await store.put('a/b', new TextEncoder().encode('file a/b'), 'text/plain');
      expect((await store.list('a')).items.map((i) => i.key)).toEqual(['a', 'a/b']);
      const grant = await store.createUpload({
        key: 'x/y',
        contentType: 'text/plain',
        maxBytes: 3,
        expiresInSeconds: 60,
      });
      const error = await serveLocally(store)(grant.url, {
        method: 'PUT',
        headers: grant.headers,
        body: new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array(2));
            c.enqueue(new Uint8Array(2));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(error.status).toBe(413);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      expect(await store.head('x/y')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a URL signed with another secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diatonic-blobs-'));
    try {
      const signer = createLocalBlobStore({ dir, secret: 'another-secret-another-secret-0123456789' });
      const store = createLocalBlobStore({ dir, secret: 'local-blob-store-contract-secret-0123456789' });
      const grant = await signer.createUpload({
        key: 'k',
        contentType: 'text/plain',
        maxBytes: 3,
        expiresInSeconds: 60,
      });
      const res = await serveLocally(store)(grant.url, {
        method: 'PUT',
        headers: grant.headers,
        body: new Uint8Array(1),
      });
      expect(res.status).toBe(403);
      expect(await store.head('k')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
