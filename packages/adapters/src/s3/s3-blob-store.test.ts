/**
 * The S3 adapter against s3rver, started in process on a loopback port. s3rver does not compute V4
 * signatures, so the tampering cases of the contract are skipped here (AWS enforces them; the local
 * adapter's tests cover our own signatures); it does enforce presigned expiry, tested below.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { describeBlobStoreContract } from '@diatonic/core/testing';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BlobStore } from './s3-blob-store.ts';

const bucket = 'diatonic-contract';
let server: S3rver;
let dir: string;
let endpoint: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'diatonic-s3rver-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as { port: number };
  endpoint = `http://127.0.0.1:${address.port}`;
});

/** A client of the local s3rver (its fixed test credentials). */
const s3rverClient = () =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describeBlobStoreContract('S3 (s3rver)', ({ nowMs }) => {
  const client = s3rverClient();
  return {
    store: createS3BlobStore({ client, bucket, nowMs }),
    fetch: (url, init) => fetch(url, init),
    checksSignatures: false,
    close: () => client.destroy(),
  };
});

describe('S3 presigned uploads', () => {
  it('sign the Content-Type and Content-Length, so S3 refuses another type or size', async () => {
    const client = s3rverClient();
    try {
      const store = createS3BlobStore({ client, bucket, nowMs: () => Date.UTC(2026, 0, 1, 12, 0, 0, 500) });
      const grant = await store.createUpload({
        key: 'signed/a.png',
        contentType: 'image/png',
        maxBytes: 1234,
        expiresInSeconds: 600,
      });
      const url = new URL(grant.url);
      expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
        expect.arrayContaining(['content-length', 'content-type', 'host']),
      );
      expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
      expect(url.searchParams.get('X-Amz-Date')).toBe('20260101T120000Z');
      expect(grant.expiresAt).toBe(Date.UTC(2026, 0, 1, 12, 10, 0));
    } finally {
      client.destroy();
    }
  });
});

describe('S3 presigned URLs past their expiry', () => {
  it('are refused (403) for upload and download, and nothing is stored', async () => {
    const client = s3rverClient();
    try {
      // Signed an hour ago for ten minutes.
      const signedEarlier = createS3BlobStore({ client, bucket, nowMs: () => Date.now() - 3_600_000 });
      const store = createS3BlobStore({ client, bucket });
      const body = new Uint8Array([1, 2, 3, 4]);
      const grant = await signedEarlier.createUpload({
        key: 'expired/upload.bin',
        contentType: 'application/octet-stream',
        maxBytes: body.length,
        expiresInSeconds: 600,
      });
      const put = await fetch(grant.url, {
        method: 'PUT',
        headers: { ...grant.headers, 'Content-Length': String(body.length) },
        body,
      });
      expect(put.status).toBe(403);
      expect(await put.text()).toContain('expired');
      expect(await store.head('expired/upload.bin')).toBeUndefined();

      await store.put('expired/download.bin', body, 'application/octet-stream');
      const fresh = await store.createDownloadUrl({ key: 'expired/download.bin', expiresInSeconds: 600 });
      expect((await fetch(fresh.url)).status).toBe(200);
      const stale = await signedEarlier.createDownloadUrl({ key: 'expired/download.bin', expiresInSeconds: 600 });
      expect((await fetch(stale.url)).status).toBe(403);
    } finally {
      client.destroy();
    }
  });
});
