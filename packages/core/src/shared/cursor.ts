/**
 * Opaque, tamper-proof query cursors shared by every ItemStore adapter. A cursor carries the position
 * after the last item of a page (the keys that item was found under) and is signed with HMAC-SHA256
 * over that position AND a fingerprint of the query. So a client can neither forge a position (say,
 * one inside another tenant's partition) nor replay a genuine cursor against a different query: both
 * are rejected with invalid_input.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { QueryInput } from '../ports/item-store.ts';
import { AppError } from './errors.ts';

/** Key attribute → value: the keys of the last item of a page, in whatever names the adapter uses. */
export type CursorPosition = Record<string, string>;

export interface CursorCodec {
  encode(position: CursorPosition, queryFingerprint: string): string;
  /** The position, or invalid_input for a malformed, tampered or foreign cursor. */
  decode(cursor: unknown, queryFingerprint: string): CursorPosition;
}

/** Longer than any genuine cursor (keys are at most 2 KB + 1 KB per key pair); checked before any work. */
const maxCursorLength = 16_384;
const minSecretLength = 16;

/** What makes two queries "the same" for a cursor: everything but the page size and the cursor itself. */
export function queryFingerprint(input: Pick<QueryInput, 'index' | 'pk' | 'sk' | 'reverse'>): string {
  return JSON.stringify([input.index ?? null, input.pk, input.sk ?? null, input.reverse === true]);
}

/**
 * The fingerprint of a scanPartitions walk over `root`. Never equal to a query's (a 4-element array
 * whose first element is an index name or null), so scan and query cursors are not interchangeable.
 */
export function scanPartitionsFingerprint(root: string): string {
  return JSON.stringify(['scanPartitions', root]);
}

export function createCursorCodec(secret: string): CursorCodec {
  if (typeof secret !== 'string' || secret.length < minSecretLength) {
    throw new AppError('invalid_input', `cursorSecret must be at least ${minSecretLength} characters`);
  }
  // The fingerprint is signed but not carried: a cursor stays short, and a foreign one fails the check.
  const sign = (body: string, fingerprint: string): Buffer =>
    createHmac('sha256', secret).update(fingerprint).update('\n').update(body).digest();

  return {
    encode(position, fingerprint) {
      const body = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
      return `${body}.${sign(body, fingerprint).toString('base64url')}`;
    },
    decode(cursor, fingerprint) {
      if (typeof cursor !== 'string' || cursor.length > maxCursorLength) throw rejected();
      const dot = cursor.indexOf('.');
      if (dot <= 0 || dot !== cursor.lastIndexOf('.')) throw rejected();
      const body = cursor.slice(0, dot);
      // Compared as text, not decoded bytes: base64 decoding ignores a final character's spare bits,
      // and a cursor must have exactly one spelling.
      const given = Buffer.from(cursor.slice(dot + 1), 'utf8');
      const expected = Buffer.from(sign(body, fingerprint).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw rejected();
      let position: unknown;
      try {
        position = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw rejected();
      }
      // Signed by us, so well-formed unless the secret leaked; checked anyway because it becomes SQL input.
      if (position === null || typeof position !== 'object' || Array.isArray(position)) throw rejected();
      for (const value of Object.values(position)) if (typeof value !== 'string') throw rejected();
      return position as CursorPosition;
    },
  };
}

function rejected(): AppError {
  return AppError.invalidInput('The cursor is invalid or belongs to another query', { field: 'cursor' });
}
