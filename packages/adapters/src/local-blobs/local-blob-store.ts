/**
 * The local BlobStore: files under BLOBS_DIR, for `npm start` and tests. It signs its own URLs
 * (`signed-blob-url.ts` in core) that the API serves at `localBlobRoutes`: `acceptUpload` checks the
 * signature, expiry, Content-Type and size of a browser's PUT while streaming it to a temporary file,
 * and renames it into place only when every check passed, so a refused or broken upload leaves
 * nothing behind. `openDownload` serves signed downloads.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AppError,
  type BlobHead,
  type BlobStore,
  checkBlobKey,
  checkBlobPrefix,
  checkCreateUpload,
  checkLifetime,
  checkListLimit,
  expirySeconds,
  mediaTypeOf,
  signDownloadQuery,
  signUploadQuery,
  verifyDownloadQuery,
  verifyUploadQuery,
} from '@diatonic/core';
import { blobPaths } from './blob-paths.ts';
import { parseByteRange, type RangeRequest } from './byte-range.ts';

export const localBlobRoutes = { upload: '/api/blobs/upload', download: '/api/blobs/download' } as const;

export interface LocalBlobStoreOptions {
  /** BLOBS_DIR. */
  dir: string;
  /** HMAC key of the signed URLs (BLOB_SIGNING_SECRET or the generated one). */
  secret: string;
  nowMs?: () => number;
  /** Prepended to the route paths, e.g. PUBLIC_BASE_URL; empty gives same-origin URLs. */
  urlBase?: string;
}

export interface IncomingUpload {
  query: URLSearchParams;
  contentType: string | null | undefined;
  /** Content-Length when the client declared one. */
  contentLength: number | undefined;
  body: ReadableStream<Uint8Array> | null;
}

export interface OutgoingDownload {
  /** The whole object, or the requested range of it. */
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  /** The whole object's size. */
  sizeBytes: number;
  fileName: string | undefined;
  /** What `Range` asked for, resolved against the size (byte-range.ts). */
  range: RangeRequest;
}

export interface LocalBlobStore extends BlobStore {
  acceptUpload(upload: IncomingUpload): Promise<BlobHead>;
  /** A signed download; `rangeHeader` (the request's `Range`) lets a video player seek. */
  openDownload(query: URLSearchParams, rangeHeader?: string | null): Promise<OutgoingDownload>;
}

interface Meta {
  contentType?: string;
  writtenAtMs?: number;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The file is larger than the ${maxBytes} bytes this link allows`, {
    details: { limitBytes: maxBytes },
  });
}

export function createLocalBlobStore(options: LocalBlobStoreOptions): LocalBlobStore {
  const paths = blobPaths(options.dir);
  const nowMs = options.nowMs ?? Date.now;
  const urlBase = (options.urlBase ?? '').replace(/\/$/, '');
  const secret = options.secret;

  const tempFile = async () => {
    await mkdir(paths.tmp, { recursive: true });
    return join(paths.tmp, randomBytes(12).toString('hex'));
  };

  async function readMeta(key: string): Promise<Meta> {
    try {
      return JSON.parse(await readFile(paths.metaFile(key), 'utf8')) as Meta;
    } catch (error) {
      if (isMissing(error)) return {};
      throw error;
    }
  }

  /** Meta first, then the object, each by rename: a reader sees the old object or the new one, never half. */
  async function install(key: string, from: string, contentType: string | undefined): Promise<void> {
    const file = paths.objectFile(key);
    await mkdir(dirname(file), { recursive: true });
    const metaTemp = await tempFile();
    await writeFile(metaTemp, JSON.stringify({ contentType, writtenAtMs: nowMs() } satisfies Meta));
    await rename(metaTemp, paths.metaFile(key));
    await rename(from, file);
  }

  async function head(key: string): Promise<BlobHead | undefined> {
    checkBlobKey(key);
    try {
      const info = await stat(paths.objectFile(key));
      const meta = await readMeta(key);
      return {
        key,
        sizeBytes: info.size,
        contentType: meta.contentType,
        lastModifiedMs: meta.writtenAtMs ?? info.mtimeMs,
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function walk(dir: string, out: string[]): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, out);
      else {
        const key = paths.keyOf(full);
        if (key !== undefined) out.push(key);
      }
    }
  }

  async function removeIfExists(file: string): Promise<boolean> {
    try {
      await rm(file);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    async createUpload(input) {
      checkCreateUpload(input);
      const exp = expirySeconds(nowMs(), input.expiresInSeconds);
      return {
        url: `${urlBase}${localBlobRoutes.upload}?${signUploadQuery(secret, input, exp)}`,
        method: 'PUT',
        headers: { 'Content-Type': input.contentType },
        expiresAt: exp * 1000,
      };
    },
    head,
    async read(key, range) {
      checkBlobKey(key);
      try {
        if (!range) return new Uint8Array(await readFile(paths.objectFile(key)));
        const stream = createReadStream(paths.objectFile(key), { start: range.start, end: range.end });
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async stream(key) {
      if (!(await head(key))) return undefined;
      return Readable.toWeb(createReadStream(paths.objectFile(key))) as ReadableStream<Uint8Array>;
    },
    async put(key, bytes, contentType) {
      checkBlobKey(key);
      const temp = await tempFile();
      await writeFile(temp, bytes);
      await install(key, temp, contentType);
    },
    async move(from, to) {
      checkBlobKey(from);
      checkBlobKey(to);
      if (from === to) return (await head(from)) !== undefined;
      const meta = await readMeta(from);
      const temp = await tempFile();
      try {
        // Into tmp first, so `from` disappears in one step and `to` appears in one step.
        await rename(paths.objectFile(from), temp);
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
      await removeIfExists(paths.metaFile(from));
      await install(to, temp, meta.contentType);
      return true;
    },
    async delete(key) {
      checkBlobKey(key);
      const deleted = await removeIfExists(paths.objectFile(key));
      await removeIfExists(paths.metaFile(key));
      return deleted;
    },
    async createDownloadUrl(input) {
      checkBlobKey(input.key);
      checkLifetime(input.expiresInSeconds);
      const exp = expirySeconds(nowMs(), input.expiresInSeconds);
      return {
        url: `${urlBase}${localBlobRoutes.download}?${signDownloadQuery(secret, input, exp)}`,
        expiresAt: exp * 1000,
      };
    },
    async list(prefix, listOptions = {}) {
      checkBlobPrefix(prefix);
      const limit = checkListLimit(listOptions.limit);
      const after = listOptions.cursor ?? '';
      // Walk only below the last whole segment of the prefix.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const keys: string[] = [];
      await walk(folder ? join(paths.objects, ...folder.split('/')) : paths.objects, keys);
      const matching = keys.filter((k) => k.startsWith(prefix) && k > after).sort();
      const page = matching.slice(0, limit);
      const items: BlobHead[] = [];
      for (const key of page) {
        const found = await head(key);
        if (found) items.push(found);
      }
      return { items, nextCursor: matching.length > limit ? page.at(-1)! : null };
    },

    async acceptUpload(upload) {
      const grant = verifyUploadQuery(secret, upload.query, nowMs());
      if (mediaTypeOf(upload.contentType) !== grant.contentType) {
        throw new AppError('forbidden', `This link accepts only ${grant.contentType}`, {
          details: { reason: 'content_type_mismatch', expected: grant.contentType },
        });
      }
      if (upload.contentLength !== undefined && upload.contentLength > grant.maxBytes) throw tooLarge(grant.maxBytes);
      const temp = await tempFile();
      let received = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          done(received > grant.maxBytes ? tooLarge(grant.maxBytes) : null, chunk);
        },
      });
      // The file is created before the pipeline starts: a write stream opened lazily could create it
      // after a refused body's clean-up had already removed it, leaving a stray temporary file.
      const output = await open(temp, 'wx');
      try {
        const body = upload.body ?? new Response('').body!;
        await pipeline(
          Readable.fromWeb(body as import('node:stream/web').ReadableStream),
          counter,
          output.createWriteStream(),
        );
        await install(grant.key, temp, grant.contentType);
      } catch (error) {
        await removeIfExists(temp);
        throw error;
      }
      return (await head(grant.key))!;
    },
    async openDownload(query, rangeHeader) {
      const { key, fileName } = verifyDownloadQuery(secret, query, nowMs());
      const found = await head(key);
      if (!found) throw AppError.notFound('file');
      const range = parseByteRange(rangeHeader, found.sizeBytes);
      // An unsatisfiable range sends no bytes (the route answers 416), so the file is not opened.
      const file =
        range.kind === 'unsatisfiable'
          ? Readable.from([])
          : createReadStream(paths.objectFile(key), range.kind === 'partial' ? range.range : {});
      return {
        range,
        stream: Readable.toWeb(file) as ReadableStream<Uint8Array>,
        contentType: found.contentType ?? 'application/octet-stream',
        sizeBytes: found.sizeBytes,
        fileName,
      };
    },
  };
}
