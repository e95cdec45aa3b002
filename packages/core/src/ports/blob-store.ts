/**
 * BlobStore: where uploaded files live (DESIGN §4). Browsers never stream files through a use case:
 * `createUpload` signs a URL the browser PUTs to directly (the local adapter's own HMAC-signed route,
 * or an S3 presigned URL), and `createDownloadUrl` signs one to read back. Server code reads and
 * writes through the other methods (checking uploads, thumbnails, the temp-file sweeper). Every
 * adapter must pass `blob-store.contract.ts`.
 *
 * Keys are S3-style paths (`modules/mod_…/images/upl_….png`): see `checkBlobKey` for what is allowed.
 */
import { AppError } from '../shared/errors.ts';

export interface CreateUploadInput {
  key: string;
  /** The Content-Type the upload must carry; it is part of the signature. */
  contentType: string;
  /** The largest body accepted. S3 signs it as the exact Content-Length, so callers pass the declared size. */
  maxBytes: number;
  /** Lifetime of the URL, 1 s to `maxUrlLifetimeSeconds`. */
  expiresInSeconds: number;
}

export interface UploadGrant {
  /** Absolute (S3) or same-origin (local adapter) URL. */
  url: string;
  method: 'PUT';
  /** Headers the client must send with the body (the signed Content-Type). */
  headers: Record<string, string>;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface BlobHead {
  key: string;
  sizeBytes: number;
  contentType: string | undefined;
  /** Epoch milliseconds of the last write. */
  lastModifiedMs: number;
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive; clamped to the object's end. */
  end: number;
}

export interface DownloadUrlInput {
  key: string;
  expiresInSeconds: number;
  /** Suggested file name for a download (Content-Disposition). */
  fileName?: string;
}

export interface BlobListPage {
  items: BlobHead[];
  nextCursor: string | null;
}

export interface BlobStore {
  createUpload(input: CreateUploadInput): Promise<UploadGrant>;
  /** Undefined when there is no object under the key. */
  head(key: string): Promise<BlobHead | undefined>;
  /** The whole object, or one range of it; undefined when there is no object. */
  read(key: string, range?: ByteRange): Promise<Uint8Array | undefined>;
  /** The object as a stream, for files too large to buffer (video and audio metadata); undefined when missing. */
  stream(key: string): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Writes an object made by the server (thumbnails). Replaces whatever was under the key. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Moves an object to another key (replacing it). False when there was nothing under `from`. */
  move(from: string, to: string): Promise<boolean>;
  /** True when an object was deleted, false when there was none. */
  delete(key: string): Promise<boolean>;
  createDownloadUrl(input: DownloadUrlInput): Promise<{ url: string; expiresAt: number }>;
  /** Objects whose key starts with `prefix`, in key order, at most `limit` (1–1000, default 1000) per page. */
  list(prefix: string, options?: { cursor?: string; limit?: number }): Promise<BlobListPage>;
}

/** Seven days, S3's limit for presigned URLs. */
export const maxUrlLifetimeSeconds = 7 * 24 * 3600;
export const maxBlobKeyLength = 1024;
export const maxBlobListLimit = 1000;

// S3's "safe characters" only, so a key means the same thing on every adapter and on any file system.
const safeKey = /^[A-Za-z0-9!_.*'()/-]+$/;

/** Throws invalid_input for a key that is empty, too long, absolute, has `.`/`..` or empty segments, or unsafe characters. */
export function checkBlobKey(key: string): string {
  const segments = typeof key === 'string' ? key.split('/') : [];
  const fine =
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= maxBlobKeyLength &&
    safeKey.test(key) &&
    segments.every((s) => s !== '' && s !== '.' && s !== '..');
  if (!fine) throw AppError.invalidInput('The blob key is not valid', { key: String(key).slice(0, 100) });
  return key;
}

/** A prefix may be empty or end in `/`; otherwise the same rules as a key. */
export function checkBlobPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkBlobKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

const contentTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

export function checkCreateUpload(input: CreateUploadInput): CreateUploadInput {
  checkBlobKey(input.key);
  const problems: string[] = [];
  if (typeof input.contentType !== 'string' || !contentTypePattern.test(input.contentType)) {
    problems.push('contentType must be a lower-case type/subtype without parameters');
  }
  if (!Number.isSafeInteger(input.maxBytes) || input.maxBytes < 1) problems.push('maxBytes must be a positive integer');
  checkLifetime(input.expiresInSeconds, problems);
  if (problems.length > 0) throw AppError.invalidInput('The upload cannot be signed', { problems });
  return input;
}

export function checkLifetime(seconds: number, problems?: string[]): void {
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > maxUrlLifetimeSeconds) {
    const problem = `expiresInSeconds must be an integer from 1 to ${maxUrlLifetimeSeconds}`;
    if (problems) problems.push(problem);
    else throw AppError.invalidInput(problem);
  }
}

export function checkListLimit(limit: number | undefined): number {
  const value = limit ?? maxBlobListLimit;
  if (!Number.isInteger(value) || value < 1 || value > maxBlobListLimit) {
    throw AppError.invalidInput(`limit must be an integer from 1 to ${maxBlobListLimit}`, { limit });
  }
  return value;
}
