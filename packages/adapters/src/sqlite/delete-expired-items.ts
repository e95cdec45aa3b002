/**
 * Deletes expired items for good. Readers already skip them (expires_at <= now), so this only
 * reclaims space, in small batches that hold the write lock briefly.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './open-sqlite.ts';

const statements = new WeakMap<SqliteDatabase, Statement<[number, number]>>();

/** Returns how many rows it deleted (at most `limit`). */
export function deleteExpiredItems(db: SqliteDatabase, nowSec: number, limit = 1_000): number {
  let statement = statements.get(db);
  if (statement === undefined) {
    statement = db.prepare<[number, number]>(
      'DELETE FROM items WHERE (pk, sk) IN (SELECT pk, sk FROM items WHERE expires_at <= ? LIMIT ?)',
    );
    statements.set(db, statement);
  }
  return statement.run(nowSec, limit).changes;
}
