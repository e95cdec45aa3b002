/**
 * In-memory BlobStore for domain unit tests. It passes the same contract as the local and S3 adapters
 * and serves its own signed URLs through `fetch` (scheme `memory:`), with the local adapter's
 * signatures, so a test uploads the way a browser does. `setLastModified` ages an object for the sweeper.
 */
import {
  type BlobHead,
  type BlobListPage,
  type BlobStore,
  type ByteRange,
  checkBlobKey,
  checkBlobPrefix,
  checkCreateUpload,
  checkLifetime,
  checkListLimit,
} from '../ports/blob-store.ts';
import {
  expirySeconds,
  mediaTypeOf,
  signDownloadQuery,
  signUploadQuery,
  verifyDownloadQuery,
  verifyUploadQuery,
} from '../ports/signed-blob-url.ts';
import { AppError, isAppError } from '../shared/errors.ts';

interface StoredBlob {
  bytes: Uint8Array;
  contentType: string | undefined;
  lastModifiedMs: number;
}

export interface MemoryBlobStore extends BlobStore {
  /** Serves the store's signed URLs as the local adapter's routes would (status codes only, JSON error bodies). */
  fetch(url: string, init: RequestInit): Promise<Response>;
  setLastModified(key: string, ms: number): void;
  /** Every key, sorted; for "nothing was stored" assertions. */
  keys(): string[];
}

const statusOf: Record<string, number> = { forbidden: 403, payload_too_large: 413, not_found: 404, invalid_input: 400 };

export function createMemoryBlobStore(options: { nowMs?: () => number; secret?: string } = {}): MemoryBlobStore {
  const nowMs = options.nowMs ?? Date.now;
  const secret = options.secret ?? 'memory-blob-store-secret-for-tests-only';
  const blobs = new Map<string, StoredBlob>();

  const headOf = (key: string, blob: StoredBlob): BlobHead => ({
    key,
    sizeBytes: blob.bytes.length,
    contentType: blob.contentType,
    lastModifiedMs: blob.lastModifiedMs,
  });

  async function receive(url: URL, init: RequestInit): Promise<Response> {
    const grant = verifyUploadQuery(secret, url.searchParams, nowMs());
    const headers = new Headers(init.headers);
    if (mediaTypeOf(headers.get('content-type')) !== grant.contentType) {
      throw new AppError('forbidden', 'The Content-Type differs from the signed one', {
        details: { reason: 'content_type_mismatch' },
      });
    }
    const body = new Uint8Array(await new Response(init.body ?? null).arrayBuffer());
    if (body.length > grant.maxBytes) {
      throw new AppError('payload_too_large', `The file is larger than the ${grant.maxBytes} bytes allowed`);
    }
    blobs.set(grant.key, { bytes: body, contentType: grant.contentType, lastModifiedMs: nowMs() });
    return new Response(null, { status: 204 });
  }

  function serve(url: URL): Response {
    const { key } = verifyDownloadQuery(secret, url.searchParams, nowMs());
    const blob = blobs.get(key);
    if (!blob) throw AppError.notFound('blob');
    return new Response(blob.bytes.slice(), {
      status: 200,
      headers: { 'content-type': blob.contentType ?? 'application/octet-stream' },
    });
  }

  return {
    async createUpload(input) {
      checkCreateUpload(input);
      const exp = expirySeconds(nowMs(), input.expiresInSeconds);
      const query = signUploadQuery(secret, input, exp);
      return {
        url: `memory://blobs/upload?${query}`,
        method: 'PUT',
        headers: { 'Content-Type': input.contentType },
        expiresAt: exp * 1000,
      };
    },
    async head(key) {
      const blob = blobs.get(checkBlobKey(key));
      return blob ? headOf(key, blob) : undefined;
    },
    async read(key, range?: ByteRange) {
      const blob = blobs.get(checkBlobKey(key));
      if (!blob) return undefined;
      return range ? blob.bytes.slice(range.start, range.end + 1) : blob.bytes.slice();
    },
    async stream(key) {
      const blob = blobs.get(checkBlobKey(key));
      if (!blob) return undefined;
      return new Response(blob.bytes.slice()).body ?? undefined;
    },
    async put(key, bytes, contentType) {
      blobs.set(checkBlobKey(key), { bytes: bytes.slice(), contentType, lastModifiedMs: nowMs() });
    },
    async move(from, to) {
      const blob = blobs.get(checkBlobKey(from));
      checkBlobKey(to);
      if (!blob) return false;
      blobs.set(to, blob);
      if (from !== to) blobs.delete(from);
      return true;
    },
    async delete(key) {
      return blobs.delete(checkBlobKey(key));
    },
    async createDownloadUrl(input) {
      checkBlobKey(input.key);
      checkLifetime(input.expiresInSeconds);
      const exp = expirySeconds(nowMs(), input.expiresInSeconds);
      return { url: `memory://blobs/download?${signDownloadQuery(secret, input, exp)}`, expiresAt: exp * 1000 };
    },
    async list(prefix, listOptions = {}): Promise<BlobListPage> {
      checkBlobPrefix(prefix);
      const limit = checkListLimit(listOptions.limit);
      const after = listOptions.cursor ?? '';
      const keys = [...blobs.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
      const page = keys.slice(0, limit);
      return {
        items: page.map((k) => headOf(k, blobs.get(k)!)),
        nextCursor: keys.length > limit ? page.at(-1)! : null,
      };
    },
    async fetch(url, init) {
      const parsed = new URL(url);
      try {
        if (parsed.pathname.endsWith('/upload') && init.method === 'PUT') return await receive(parsed, init);
        if (parsed.pathname.endsWith('/download') && (init.method ?? 'GET') === 'GET') return serve(parsed);
        return new Response(null, { status: 405 });
      } catch (error) {
        if (!isAppError(error)) throw error;
        return Response.json(
          { error: { code: error.code, message: error.message } },
          { status: statusOf[error.code] ?? 500 },
        );
      }
    },
    setLastModified(key, ms) {
      const blob = blobs.get(key);
      if (blob) blob.lastModifiedMs = ms;
    },
    keys: () => [...blobs.keys()].sort(),
  };
}
