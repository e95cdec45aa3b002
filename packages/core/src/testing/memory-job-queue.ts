/**
 * In-memory JobQueue for domain unit tests. It passes the same contract as the SQLite queue, so a use
 * case tested against it behaves the same in production. `drain(handlers)` runs every deliverable job
 * (and any job those handlers send) through the real retry rules, which is what most tests want.
 */
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from '../ports/dead-letter-cursor.ts';
import {
  checkDeadLetterLimit,
  checkReceive,
  checkSend,
  checkVisibilityTimeout,
  type DeadLetter,
  type DeadLetterPage,
  type DurableJobQueue,
  dedupeWindowMs,
  type FailOutcome,
  handlerFor,
  type JobHandlers,
  type JobLease,
  type JobQueueStats,
  type LeasedJob,
} from '../ports/job-queue.ts';
import { AppError } from '../shared/errors.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import {
  checkRetryPolicy,
  decideRetry,
  defaultRetryPolicy,
  type ErrorSummary,
  type RetryPolicy,
  summarizeError,
} from '../shared/retry-policy.ts';

export interface MemoryJobQueueOptions {
  nowMs?: () => number;
  random?: () => number;
  ids?: Ids;
  retry?: RetryPolicy;
}

export interface DrainResult {
  completed: number;
  retried: number;
  dead: number;
}

export interface MemoryJobQueue extends DurableJobQueue {
  /** Runs deliverable jobs until none is left (delayed jobs wait for the clock). Stops after `maxJobs` runs. */
  drain(handlers: JobHandlers, options?: { maxJobs?: number }): Promise<DrainResult>;
}

interface Entry {
  id: string;
  type: string;
  payloadJson: string;
  attempt: number;
  maxAttempts: number;
  visibleAt: number;
  leaseToken: string | null;
  firstEnqueuedAt: number;
  lastError: ErrorSummary | null;
  deadAt: number | null;
}

const expiredLeaseError = (attempt: number): ErrorSummary => ({
  code: 'internal',
  message: `The lease of attempt ${attempt} expired without ack or fail (the worker crashed or outran its visibility timeout)`,
});

export function createMemoryJobQueue(options: MemoryJobQueueOptions = {}): MemoryJobQueue {
  const nowMs = options.nowMs ?? Date.now;
  const random = options.random ?? Math.random;
  const ids = options.ids ?? createIds(nowMs);
  const policy = checkRetryPolicy(options.retry ?? defaultRetryPolicy);
  // Insertion order is send order; Map keeps it, which makes `receive` fair enough for tests.
  const jobs = new Map<string, Entry>();
  const dedupe = new Map<string, { jobId: string; expiresAt: number }>();
  let tokens = 0;

  const current = (lease: JobLease): Entry | undefined => {
    const entry = jobs.get(lease.id);
    return entry && entry.deadAt === null && entry.leaseToken === lease.leaseToken ? entry : undefined;
  };

  const toDeadLetter = (e: Entry): DeadLetter => ({
    id: e.id,
    type: e.type,
    payload: JSON.parse(e.payloadJson),
    attempts: e.attempt,
    maxAttempts: e.maxAttempts,
    lastError: e.lastError ?? expiredLeaseError(e.attempt),
    firstEnqueuedAt: e.firstEnqueuedAt,
    deadAt: e.deadAt ?? 0,
  });

  const queue: MemoryJobQueue = {
    async send(job, sendOptions) {
      const checked = checkSend(job, sendOptions);
      const now = nowMs();
      if (checked.dedupeKey !== undefined) {
        const seen = dedupe.get(checked.dedupeKey);
        if (seen && seen.expiresAt > now) return { id: seen.jobId, deduplicated: true };
      }
      const id = ids.next('job');
      jobs.set(id, {
        id,
        type: checked.type,
        payloadJson: checked.payloadJson,
        attempt: 0,
        maxAttempts: checked.maxAttempts,
        visibleAt: now + checked.delayMs,
        leaseToken: null,
        firstEnqueuedAt: now,
        lastError: null,
        deadAt: null,
      });
      if (checked.dedupeKey !== undefined)
        dedupe.set(checked.dedupeKey, { jobId: id, expiresAt: now + dedupeWindowMs });
      return { id, deduplicated: false };
    },

    async receive(receiveOptions) {
      const { maxJobs, visibilityTimeoutMs } = checkReceive(receiveOptions);
      const now = nowMs();
      const leased: LeasedJob[] = [];
      for (const entry of jobs.values()) {
        if (leased.length >= maxJobs) break;
        if (entry.deadAt !== null || entry.visibleAt > now) continue;
        if (entry.attempt >= entry.maxAttempts) {
          // Only an expired lease gets here with attempts used up: the worker never reported back.
          entry.deadAt = now;
          entry.leaseToken = null;
          entry.lastError = expiredLeaseError(entry.attempt);
          continue;
        }
        entry.attempt += 1;
        entry.leaseToken = `lease_${++tokens}`;
        entry.visibleAt = now + visibilityTimeoutMs;
        leased.push({
          id: entry.id,
          type: entry.type,
          payload: JSON.parse(entry.payloadJson),
          attempt: entry.attempt,
          firstEnqueuedAt: entry.firstEnqueuedAt,
          maxAttempts: entry.maxAttempts,
          leaseToken: entry.leaseToken,
        });
      }
      return leased;
    },

    async ack(lease) {
      if (!current(lease)) return false;
      jobs.delete(lease.id);
      return true;
    },

    async extend(lease, visibilityTimeoutMs) {
      checkVisibilityTimeout(visibilityTimeoutMs);
      const entry = current(lease);
      if (!entry) return false;
      entry.visibleAt = nowMs() + visibilityTimeoutMs;
      return true;
    },

    async fail(lease, error): Promise<FailOutcome> {
      const entry = current(lease);
      if (!entry) return { outcome: 'stale' };
      const now = nowMs();
      const decision = decideRetry({ error, attempt: entry.attempt, maxAttempts: entry.maxAttempts, policy, random });
      entry.leaseToken = null;
      entry.lastError = summarizeError(error);
      if (!decision.retry) {
        entry.deadAt = now;
        return { outcome: 'dead', reason: decision.reason };
      }
      entry.visibleAt = now + decision.delayMs;
      return { outcome: 'retry', attempt: entry.attempt, delayMs: decision.delayMs, nextAttemptAt: entry.visibleAt };
    },

    async listDeadLetters(listOptions = {}): Promise<DeadLetterPage> {
      const limit = checkDeadLetterLimit(listOptions.limit);
      const after = listOptions.cursor === undefined ? undefined : decodeDeadLetterCursor(listOptions.cursor);
      const dead = [...jobs.values()]
        .filter((e) => e.deadAt !== null && (after === undefined || e.id > after))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const page = dead.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toDeadLetter),
        nextCursor: dead.length > limit && last ? encodeDeadLetterCursor(last.id) : null,
      };
    },

    async replayDeadLetter(id) {
      const entry = jobs.get(id);
      if (!entry || entry.deadAt === null) throw AppError.notFound('dead letter', id);
      const now = nowMs();
      const fresh = ids.next('job');
      jobs.delete(id);
      jobs.set(fresh, {
        ...entry,
        id: fresh,
        attempt: 0,
        visibleAt: now,
        leaseToken: null,
        firstEnqueuedAt: now,
        lastError: null,
        deadAt: null,
      });
      return { id: fresh };
    },

    async stats(): Promise<JobQueueStats> {
      const now = nowMs();
      const stats = { ready: 0, delayed: 0, inFlight: 0, dead: 0 };
      for (const e of jobs.values()) {
        if (e.deadAt !== null) stats.dead++;
        else if (e.visibleAt <= now) stats.ready++;
        else if (e.leaseToken !== null) stats.inFlight++;
        else stats.delayed++;
      }
      return stats;
    },

    async drain(handlers, drainOptions = {}) {
      const maxJobs = drainOptions.maxJobs ?? 10_000;
      const result: DrainResult = { completed: 0, retried: 0, dead: 0 };
      for (let runs = 0; runs < maxJobs; runs++) {
        const [job] = await queue.receive({ maxJobs: 1, visibilityTimeoutMs: 60_000 });
        if (!job) return result;
        try {
          await handlerFor(handlers, job)(job);
          await queue.ack(job);
          result.completed++;
        } catch (error) {
          const outcome = await queue.fail(job, error);
          if (outcome.outcome === 'retry') result.retried++;
          else if (outcome.outcome === 'dead') result.dead++;
        }
      }
      throw new AppError('internal', `drain stopped after ${maxJobs} job runs; a handler probably keeps sending jobs`);
    },
  };
  return queue;
}
