/**
 * The S3 adapter against s3rver, started in process on a loopback port. s3rver checks no signatures,
 * so the refusal cases of the contract are skipped here (AWS enforces them; the local adapter's tests
 * cover our own signatures).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { describeBlobStoreContract } from '@diatonic/core/testing';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
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

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describeBlobStoreContract('S3 (s3rver)', ({ nowMs }) => {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    store: createS3BlobStore({ client, bucket, nowMs }),
    fetch: (url, init) => fetch(url, init),
    checksSignatures: false,
    close: () => client.destroy(),
  };
});
