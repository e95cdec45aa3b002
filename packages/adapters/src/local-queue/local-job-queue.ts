/**
 * The durable local JobQueue: jobs in SQLite (`queue-schema.ts`), so a job accepted by `send` survives
 * a crash of the process. Several processes may share the file: every read-then-write runs in a
 * BEGIN IMMEDIATE transaction (one writer at a time across processes), and each lease carries a random
 * token, so a worker whose lease expired cannot ack, fail or extend the job another worker now holds.
 *
 * The caller owns the Database handle and its pragmas (WAL, busy timeout, synchronous level).
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  checkDeadLetterLimit,
  checkReceive,
  checkRetryPolicy,
  checkSend,
  checkVisibilityTimeout,
  createIds,
  type DeadLetter,
  type DurableJobQueue,
  decideRetry,
  decodeDeadLetterCursor,
  dedupeWindowMs,
  defaultRetryPolicy,
  type ErrorSummary,
  encodeDeadLetterCursor,
  type FailOutcome,
  type Ids,
  type JobLease,
  type JobToSend,
  type LeasedJob,
  type RetryPolicy,
  type SendOptions,
  type SendResult,
  summarizeError,
} from '@diatonic/core';
import type Database from 'better-sqlite3';
import { gatedWrite } from '../sqlite/write-gate.ts';
import { ensureQueueSchema } from './queue-schema.ts';

export interface LocalJobQueueOptions {
  /** Epoch milliseconds; tests pass a controllable clock. */
  nowMs?: () => number;
  ids?: Ids;
  /** Jitter source in [0, 1). */
  random?: () => number;
  retry?: RetryPolicy;
}

export interface LocalJobQueue extends DurableJobQueue {
  /** Calls `listener` after every send that enqueued a job in this process (workers wake on it). */
  onSend(listener: () => void): () => void;
  /**
   * Enqueues inside the transaction the caller holds open on the queue's database (synchronously, so
   * it commits or rolls back with the caller's writes): see `sqliteWriteAndSend`.
   */
  sendInTransaction(job: JobToSend, options?: SendOptions): SendResult;
}

interface JobRow {
  id: string;
  type: string;
  payload: string;
  attempt: number;
  max_attempts: number;
  first_enqueued_at: number;
  lease_token: string | null;
  last_error: string | null;
  dead_at: number | null;
  visible_at: number;
}

interface PendingAck {
  lease: JobLease;
  /** Whether the lease was still held when deleted (set by the batch). */
  held: boolean;
  resolve: (held: boolean) => void;
  reject: (error: unknown) => void;
}

const expiredLeaseError = (attempt: number): ErrorSummary => ({
  code: 'internal',
  message: `The lease of attempt ${attempt} expired without ack or fail (the worker crashed or outran its visibility timeout)`,
});

export function createLocalJobQueue(db: Database.Database, options: LocalJobQueueOptions = {}): LocalJobQueue {
  const nowMs = options.nowMs ?? Date.now;
  const random = options.random ?? Math.random;
  const ids = options.ids ?? createIds(nowMs);
  const policy = checkRetryPolicy(options.retry ?? defaultRetryPolicy);
  ensureQueueSchema(db);

  const insertJob = db.prepare(
    `INSERT INTO queue_jobs (id, type, payload, state, attempt, max_attempts, visible_at, first_enqueued_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)`,
  );
  const findDedupe = db.prepare<[string], { job_id: string; expires_at: number }>(
    'SELECT job_id, expires_at FROM queue_dedupe WHERE key = ?',
  );
  const upsertDedupe = db.prepare(
    `INSERT INTO queue_dedupe (key, job_id, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET job_id = excluded.job_id, expires_at = excluded.expires_at`,
  );
  const sweepDedupe = db.prepare('DELETE FROM queue_dedupe WHERE expires_at <= ?');
  const dueJobs = db.prepare<[number, number], { id: string; attempt: number; max_attempts: number }>(
    `SELECT id, attempt, max_attempts FROM queue_jobs
     WHERE state = 'pending' AND visible_at <= ? ORDER BY visible_at LIMIT ?`,
  );
  const leaseJob = db.prepare<[string, number, string], JobRow>(
    `UPDATE queue_jobs SET attempt = attempt + 1, lease_token = ?, visible_at = ?
     WHERE id = ? AND state = 'pending' RETURNING *`,
  );
  const buryJob = db.prepare(
    `UPDATE queue_jobs SET state = 'dead', dead_at = ?, lease_token = NULL, last_error = ?
     WHERE id = ? AND state = 'pending'`,
  );
  const deleteLeased = db.prepare("DELETE FROM queue_jobs WHERE id = ? AND lease_token = ? AND state = 'pending'");
  const extendLease = db.prepare(
    "UPDATE queue_jobs SET visible_at = ? WHERE id = ? AND lease_token = ? AND state = 'pending'",
  );
  const findLeased = db.prepare<[string, string], { attempt: number; max_attempts: number }>(
    "SELECT attempt, max_attempts FROM queue_jobs WHERE id = ? AND lease_token = ? AND state = 'pending'",
  );
  const scheduleRetry = db.prepare(
    'UPDATE queue_jobs SET lease_token = NULL, visible_at = ?, last_error = ? WHERE id = ?',
  );
  const listDead = db.prepare<[string, number], JobRow>(
    "SELECT * FROM queue_jobs WHERE state = 'dead' AND id > ? ORDER BY id LIMIT ?",
  );
  const findDead = db.prepare<[string], JobRow>("SELECT * FROM queue_jobs WHERE id = ? AND state = 'dead'");
  const deleteJob = db.prepare('DELETE FROM queue_jobs WHERE id = ?');
  const countJobs = db.prepare<[number, number, number], Record<'ready' | 'delayed' | 'inFlight' | 'dead', number>>(
    `SELECT
       COALESCE(SUM(state = 'pending' AND visible_at <= ?), 0) AS ready,
       COALESCE(SUM(state = 'pending' AND visible_at > ? AND lease_token IS NULL), 0) AS delayed,
       COALESCE(SUM(state = 'pending' AND visible_at > ? AND lease_token IS NOT NULL), 0) AS inFlight,
       COALESCE(SUM(state = 'dead'), 0) AS dead
     FROM queue_jobs`,
  );

  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener only wakes a worker; its failure must not fail the send that already committed.
      }
    }
  };
  let lastSweepAt = Number.NEGATIVE_INFINITY;

  /** Inside a transaction: the dedupe key's read and the insert must not be separated by another writer. */
  const sendDeduped = (key: string, type: string, payloadJson: string, maxAttempts: number, delayMs: number) => {
    const now = nowMs();
    const seen = findDedupe.get(key);
    if (seen && seen.expires_at > now) return { id: seen.job_id, deduplicated: true };
    if (now - lastSweepAt >= dedupeWindowMs / 5) {
      // Expired keys are dead weight; clearing them now and then keeps the table at one window's worth.
      sweepDedupe.run(now);
      lastSweepAt = now;
    }
    const id = ids.next('job');
    insertJob.run(id, type, payloadJson, maxAttempts, now + delayMs, now);
    upsertDedupe.run(key, id, now + dedupeWindowMs);
    return { id, deduplicated: false };
  };
  const sendWithDedupe = db.transaction(sendDeduped);

  const leaseDue = db.transaction((maxJobs: number, visibilityTimeoutMs: number, acks: PendingAck[]): LeasedJob[] => {
    deleteAcked(acks);
    const now = nowMs();
    const leased: LeasedJob[] = [];
    for (;;) {
      const due = dueJobs.all(now, maxJobs - leased.length);
      if (due.length === 0) return leased;
      for (const job of due) {
        if (job.attempt >= job.max_attempts) {
          // Only an expired lease gets here with every attempt used: the worker never reported back.
          buryJob.run(now, JSON.stringify(expiredLeaseError(job.attempt)), job.id);
          continue;
        }
        const row = leaseJob.get(randomUUID(), now + visibilityTimeoutMs, job.id);
        if (row) leased.push(toLeasedJob(row));
      }
      if (leased.length >= maxJobs) return leased;
    }
  });

  // Acks are batched: every ack of one turn of the event loop (or up to the next receive) is deleted
  // in one commit, since the commit, not the DELETE, is what an ack costs. Delivery stays at least
  // once: an ack not committed when the process dies is a job delivered again, as if it had died
  // just before acking, and handlers are idempotent for that reason already.
  let pendingAcks: PendingAck[] = [];
  const deleteAcked = (acks: PendingAck[]) => {
    for (const ack of acks) ack.held = deleteLeased.run(ack.lease.id, ack.lease.leaseToken).changes === 1;
  };
  const deleteAckedTogether = db.transaction(deleteAcked);
  const takeAcks = (): PendingAck[] => {
    const acks = pendingAcks;
    pendingAcks = [];
    return acks;
  };
  const settleAcks = (acks: PendingAck[], error?: unknown) => {
    for (const ack of acks) {
      if (error === undefined) ack.resolve(ack.held);
      else ack.reject(error);
    }
  };
  const commitAcks = (acks: PendingAck[]) => {
    // A single DELETE is its own transaction.
    if (acks.length === 1) deleteAcked(acks);
    else deleteAckedTogether.immediate(acks);
  };
  const flushAcks = () => {
    const acks = takeAcks();
    if (acks.length === 0) return;
    try {
      const done = gatedWrite(db, () => commitAcks(acks));
      if (done instanceof Promise)
        done.then(
          () => settleAcks(acks),
          (error: unknown) => settleAcks(acks, error),
        );
      else settleAcks(acks);
    } catch (error) {
      settleAcks(acks, error);
    }
  };

  const failLeased = db.transaction((lease: JobLease, error: unknown): FailOutcome => {
    const job = findLeased.get(lease.id, lease.leaseToken);
    if (!job) return { outcome: 'stale' };
    const now = nowMs();
    const lastError = JSON.stringify(summarizeError(error));
    const decision = decideRetry({ error, attempt: job.attempt, maxAttempts: job.max_attempts, policy, random });
    if (!decision.retry) {
      buryJob.run(now, lastError, lease.id);
      return { outcome: 'dead', reason: decision.reason };
    }
    const nextAttemptAt = now + decision.delayMs;
    scheduleRetry.run(nextAttemptAt, lastError, lease.id);
    return { outcome: 'retry', attempt: job.attempt, delayMs: decision.delayMs, nextAttemptAt };
  });

  const replay = db.transaction((id: string) => {
    const dead = findDead.get(id);
    if (!dead) throw AppError.notFound('dead letter', id);
    const now = nowMs();
    const fresh = ids.next('job');
    insertJob.run(fresh, dead.type, dead.payload, dead.max_attempts, now, now);
    deleteJob.run(id);
    return { id: fresh };
  });

  return {
    async send(job, sendOptions) {
      const { type, payloadJson, delayMs, dedupeKey, maxAttempts } = checkSend(job, sendOptions);
      if (dedupeKey !== undefined) {
        const result = await gatedWrite(db, () =>
          sendWithDedupe.immediate(dedupeKey, type, payloadJson, maxAttempts, delayMs),
        );
        if (!result.deduplicated) notify();
        return result;
      }
      // A single INSERT is its own atomic transaction; no read precedes it, so no lock upgrade can fail.
      const id = await gatedWrite(db, () => {
        const now = nowMs();
        const fresh = ids.next('job');
        insertJob.run(fresh, type, payloadJson, maxAttempts, now + delayMs, now);
        return fresh;
      });
      notify();
      return { id, deduplicated: false };
    },

    sendInTransaction(job, sendOptions) {
      if (!db.inTransaction) throw new Error('sendInTransaction needs an open transaction on the queue database');
      const { type, payloadJson, delayMs, dedupeKey, maxAttempts } = checkSend(job, sendOptions);
      let result: SendResult;
      if (dedupeKey !== undefined) result = sendDeduped(dedupeKey, type, payloadJson, maxAttempts, delayMs);
      else {
        const now = nowMs();
        const id = ids.next('job');
        insertJob.run(id, type, payloadJson, maxAttempts, now + delayMs, now);
        result = { id, deduplicated: false };
      }
      // Workers woken now look once the caller's synchronous transaction has committed (they run later);
      // after a rollback they find nothing new, which costs one look.
      if (!result.deduplicated) notify();
      return result;
    },

    async receive(receiveOptions) {
      const { maxJobs, visibilityTimeoutMs } = checkReceive(receiveOptions);
      // The acks waiting for their batch commit with this lease.
      const acks = takeAcks();
      try {
        const leased = await gatedWrite(db, () => leaseDue.immediate(maxJobs, visibilityTimeoutMs, acks));
        settleAcks(acks);
        return leased;
      } catch (error) {
        // The acks did not fail: they wait for their own batch instead.
        if (acks.length > 0 && pendingAcks.push(...acks) === acks.length) setImmediate(flushAcks);
        throw error;
      }
    },

    ack(lease) {
      return new Promise<boolean>((resolve, reject) => {
        if (pendingAcks.push({ lease, held: false, resolve, reject }) === 1) setImmediate(flushAcks);
      });
    },

    async extend(lease, visibilityTimeoutMs) {
      checkVisibilityTimeout(visibilityTimeoutMs);
      return gatedWrite(
        db,
        () => extendLease.run(nowMs() + visibilityTimeoutMs, lease.id, lease.leaseToken).changes === 1,
      );
    },

    async fail(lease, error) {
      return gatedWrite(db, () => failLeased.immediate(lease, error));
    },

    async listDeadLetters(listOptions = {}) {
      const limit = checkDeadLetterLimit(listOptions.limit);
      const after = listOptions.cursor === undefined ? '' : decodeDeadLetterCursor(listOptions.cursor);
      const rows = listDead.all(after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toDeadLetter),
        nextCursor: rows.length > limit && last ? encodeDeadLetterCursor(last.id) : null,
      };
    },

    async replayDeadLetter(id) {
      const result = await gatedWrite(db, () => replay.immediate(id));
      notify();
      return result;
    },

    async stats() {
      flushAcks();
      const now = nowMs();
      const counts = countJobs.get(now, now, now);
      return {
        ready: counts?.ready ?? 0,
        delayed: counts?.delayed ?? 0,
        inFlight: counts?.inFlight ?? 0,
        dead: counts?.dead ?? 0,
      };
    },

    onSend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function toLeasedJob(row: JobRow): LeasedJob {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload),
    attempt: row.attempt,
    firstEnqueuedAt: row.first_enqueued_at,
    maxAttempts: row.max_attempts,
    leaseToken: row.lease_token ?? '',
  };
}

function toDeadLetter(row: JobRow): DeadLetter {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload),
    attempts: row.attempt,
    maxAttempts: row.max_attempts,
    lastError: row.last_error ? (JSON.parse(row.last_error) as ErrorSummary) : expiredLeaseError(row.attempt),
    firstEnqueuedAt: row.first_enqueued_at,
    deadAt: row.dead_at ?? 0,
  };
}
