/**
 * Dead-letter page cursors, shared by every JobQueue adapter so a cursor means the same everywhere.
 * A cursor is the last listed job id, base64url-encoded so callers treat it as opaque.
 */
import { AppError } from '../shared/errors.ts';

export function encodeDeadLetterCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** The job id a cursor stands for; invalid_input for anything that is not one of ours. */
export function decodeDeadLetterCursor(cursor: string): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^job_[0-9A-Z]+$/.test(id)) throw AppError.invalidInput('The cursor is not valid');
  return id;
}
