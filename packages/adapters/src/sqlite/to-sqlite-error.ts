/**
 * Maps better-sqlite3 failures to the domain's AppError codes. A busy, full or unreadable database
 * is `unavailable` (worth retrying later); anything else is a bug and is rethrown as is.
 */
import { AppError, isAppError } from '@diatonic/core';

const unavailablePrefixes = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
];

export function toSqliteError(error: unknown): unknown {
  if (isAppError(error) || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailablePrefixes.some((prefix) => code.startsWith(prefix))) {
    return new AppError('unavailable', 'The database is busy or unavailable; try again', { cause: error });
  }
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return new AppError('unavailable', 'The database is closed', { cause: error });
  }
  return error;
}
