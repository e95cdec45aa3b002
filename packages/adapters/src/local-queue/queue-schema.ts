/**
 * The local queue's own tables. They live beside the item store's `items` table (same file when the
 * same Database handle is passed) but stay separate from it: leasing needs an index on "due time" and
 * one small UPDATE per job, which a generic item table cannot give at the workbench's rate.
 *
 * A job row is `pending` (waiting, delayed, backing off or leased: `visible_at` is when it may next be
 * leased, and a lease token marks the current holder) or `dead`. Completed jobs are deleted.
 * Dedupe keys live in their own table so they outlive the job for the whole window.
 */
import type Database from 'better-sqlite3';

export const queueSchemaSql = `
CREATE TABLE IF NOT EXISTS queue_jobs (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'dead')),
  attempt INTEGER NOT NULL,
  max_attempts INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  lease_token TEXT,
  first_enqueued_at INTEGER NOT NULL,
  last_error TEXT,
  dead_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS queue_jobs_due ON queue_jobs (visible_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS queue_jobs_dead ON queue_jobs (id) WHERE state = 'dead';
CREATE TABLE IF NOT EXISTS queue_dedupe (
  key TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS queue_dedupe_expiry ON queue_dedupe (expires_at);
`;

/** Idempotent, so every process sharing the file may call it at start. */
export function ensureQueueSchema(db: Database.Database): void {
  db.transaction(() => db.exec(queueSchemaSql)).immediate();
}
