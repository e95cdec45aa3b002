/**
 * The S3 BlobStore (BLOBS=s3). Browsers upload and download with presigned URLs
 * (`@aws-sdk/s3-request-presigner`); Content-Type and Content-Length are signed, so S3 itself refuses
 * a body of another type or size (the upload pipeline checks both again after the upload). Temporary
 * uploads under `uploads/temp/` should also get a bucket lifecycle rule (expire after 1 day) in the
 * infrastructure, as a backstop to the sweeper job.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type BlobHead,
  type BlobStore,
  checkBlobKey,
  checkBlobPrefix,
  checkCreateUpload,
  checkLifetime,
  checkListLimit,
  expirySeconds,
} from '@diatonic/core';

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Signing time of presigned URLs (epoch milliseconds). */
  nowMs?: () => number;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

const copySource = (bucket: string, key: string) =>
  `${bucket}/${key
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')}`;

export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { client, bucket } = options;
  const nowMs = options.nowMs ?? Date.now;

  /** Presigned at a whole second, so `expiresAt` is exactly what S3 will enforce. */
  const signingDate = () => new Date(Math.floor(nowMs() / 1000) * 1000);

  async function head(key: string): Promise<BlobHead | undefined> {
    checkBlobKey(key);
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        key,
        sizeBytes: out.ContentLength ?? 0,
        contentType: out.ContentType,
        lastModifiedMs: out.LastModified?.getTime() ?? 0,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function get(key: string, range?: { start: number; end: number }) {
    checkBlobKey(key);
    try {
      const out = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return out.Body;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  return {
    async createUpload(input) {
      checkCreateUpload(input);
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: input.key,
        ContentType: input.contentType,
        ContentLength: input.maxBytes,
      });
      const url = await getSignedUrl(client, command, {
        expiresIn: input.expiresInSeconds,
        signingDate: signingDate(),
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      return {
        url,
        method: 'PUT',
        headers: { 'Content-Type': input.contentType },
        expiresAt: expirySeconds(nowMs(), input.expiresInSeconds) * 1000,
      };
    },
    head,
    async read(key, range) {
      const body = await get(key, range);
      return body ? await body.transformToByteArray() : undefined;
    },
    async stream(key) {
      const body = await get(key);
      return body ? (body.transformToWebStream() as ReadableStream<Uint8Array>) : undefined;
    },
    async put(key, bytes, contentType) {
      checkBlobKey(key);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
    },
    async move(from, to) {
      checkBlobKey(from);
      checkBlobKey(to);
      if (from === to) return (await head(from)) !== undefined;
      try {
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: to,
            CopySource: copySource(bucket, from),
            MetadataDirective: 'COPY',
          }),
        );
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: from }));
      return true;
    },
    async delete(key) {
      // S3 deletes answer the same whether or not the object existed; the head tells them apart.
      if (!(await head(key))) return false;
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    },
    async createDownloadUrl(input) {
      checkBlobKey(input.key);
      checkLifetime(input.expiresInSeconds);
      const disposition = input.fileName ? `inline; filename*=UTF-8''${encodeURIComponent(input.fileName)}` : undefined;
      const url = await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: input.key,
          ...(disposition ? { ResponseContentDisposition: disposition } : {}),
        }),
        { expiresIn: input.expiresInSeconds, signingDate: signingDate() },
      );
      return { url, expiresAt: expirySeconds(nowMs(), input.expiresInSeconds) * 1000 };
    },
    async list(prefix, listOptions = {}) {
      checkBlobPrefix(prefix);
      const limit = checkListLimit(listOptions.limit);
      const out = await client.send(
        new ListObjectsCommand({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: limit,
          // ListObjects (v1) with the last key as Marker: s3rver builds v2's continuation tokens with
          // DES, which OpenSSL 3 no longer offers, so v2 pages fail there. Real S3 serves both.
          ...(listOptions.cursor ? { Marker: listOptions.cursor } : {}),
        }),
      );
      const contents = out.Contents ?? [];
      return {
        items: contents.map((o) => ({
          key: o.Key ?? '',
          sizeBytes: o.Size ?? 0,
          // Listings carry no content type; head() has it.
          contentType: undefined,
          lastModifiedMs: o.LastModified?.getTime() ?? 0,
        })),
        nextCursor: out.IsTruncated && contents.length > 0 ? (contents.at(-1)?.Key ?? null) : null,
      };
    },
  };
}

/** An S3 client for BLOBS=s3: the SDK's default credential chain; path-style when an endpoint is given (MinIO, s3rver). */
export function createS3Client(options: { region: string; endpoint?: string }): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
  });
}
