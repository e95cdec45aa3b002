/**
 * Signed blob URLs for stores that serve their own uploads and downloads (the local adapter, the
 * in-memory fake). The query carries what was granted (key, content type, size limit, expiry) and an
 * HMAC-SHA256 over all of it, so changing any part, or using it late, is refused with 403 before a
 * byte is stored. The same scheme as S3's presigned URLs, minus AWS's canonical request format.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../shared/errors.ts';
import { checkBlobKey } from './blob-store.ts';

export interface SignedUpload {
  key: string;
  contentType: string;
  maxBytes: number;
}

export interface SignedDownload {
  key: string;
  fileName?: string | undefined;
}

const version = 'v1';

function mac(secret: string, parts: readonly string[]): string {
  return createHmac('sha256', secret)
    .update([version, ...parts].join('\n'))
    .digest('base64url');
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refused(reason: 'bad_signature' | 'expired', message: string): AppError {
  return new AppError('forbidden', message, { details: { reason } });
}

export function signUploadQuery(secret: string, grant: SignedUpload, expiresAtSeconds: number): URLSearchParams {
  const exp = String(expiresAtSeconds);
  const max = String(grant.maxBytes);
  return new URLSearchParams({
    key: grant.key,
    ct: grant.contentType,
    max,
    exp,
    sig: mac(secret, ['PUT', grant.key, grant.contentType, max, exp]),
  });
}

export function signDownloadQuery(secret: string, download: SignedDownload, expiresAtSeconds: number): URLSearchParams {
  const exp = String(expiresAtSeconds);
  const name = download.fileName ?? '';
  const query = new URLSearchParams({ key: download.key, exp });
  if (name) query.set('name', name);
  query.set('sig', mac(secret, ['GET', download.key, name, exp]));
  return query;
}

function checkFresh(exp: string, nowMs: number): void {
  if (Number(exp) * 1000 <= nowMs) throw refused('expired', 'This link has expired; ask for a new one');
}

/** The grant a signed upload URL carries; throws forbidden (403) when it was altered or has expired. */
export function verifyUploadQuery(secret: string, query: URLSearchParams, nowMs: number): SignedUpload {
  const key = query.get('key') ?? '';
  const ct = query.get('ct') ?? '';
  const max = query.get('max') ?? '';
  const exp = query.get('exp') ?? '';
  const sig = query.get('sig') ?? '';
  if (!/^\d{1,15}$/.test(max) || !/^\d{1,12}$/.test(exp) || !sameMac(mac(secret, ['PUT', key, ct, max, exp]), sig)) {
    throw refused('bad_signature', 'The upload link is not valid');
  }
  checkFresh(exp, nowMs);
  return { key: checkBlobKey(key), contentType: ct, maxBytes: Number(max) };
}

export function verifyDownloadQuery(secret: string, query: URLSearchParams, nowMs: number): SignedDownload {
  const key = query.get('key') ?? '';
  const name = query.get('name') ?? '';
  const exp = query.get('exp') ?? '';
  const sig = query.get('sig') ?? '';
  if (!/^\d{1,12}$/.test(exp) || !sameMac(mac(secret, ['GET', key, name, exp]), sig)) {
    throw refused('bad_signature', 'The download link is not valid');
  }
  checkFresh(exp, nowMs);
  return { key: checkBlobKey(key), fileName: name || undefined };
}

/** Expiry in whole seconds, as the URL carries it. */
export function expirySeconds(nowMs: number, expiresInSeconds: number): number {
  return Math.floor(nowMs / 1000) + expiresInSeconds;
}

/** The media type of a Content-Type header without parameters, lower-cased (`Text/Plain; charset=x` → `text/plain`). */
export function mediaTypeOf(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
