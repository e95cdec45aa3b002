/**
 * Opens the platform's SQLite database file with the settings every process sharing it must use.
 * See README.md in this folder for the durability choice.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /**
   * NORMAL (default): in WAL mode a commit survives a crash of the process (even kill -9) but the
   * last few commits may roll back on power loss or an OS crash; the file is never corrupted. FULL
   * fsyncs the WAL on every commit to survive power loss too, at a few milliseconds per write.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a write waits for another connection's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

const defaultBusyTimeoutMs = 5_000;

export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  try {
    // Set first: even switching to WAL may have to wait for another process holding the file.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? defaultBusyTimeoutMs))}`);
    // WAL: readers never block the writer nor the writer readers, across processes too.
    if (!inMemory && !options.readonly) db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
