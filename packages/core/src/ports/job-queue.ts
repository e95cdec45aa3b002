/**
 * JobQueue: durable background work (DESIGN §4). Use cases only ever `send`; workers consume through
 * `JobQueueConsumer` and a `JobHandlers` registry shared by the local in-process workers and the SQS
 * Lambda worker. Every consumer-capable adapter must pass `job-queue.contract.ts`.
 *
 * Delivery is at least once: a job is leased for a visibility timeout, and comes back if it is neither
 * acknowledged nor failed in time. Handlers must therefore be idempotent. Order is not promised.
 *
 * Failures: a handler that throws a retryable error (see `shared/retry-policy.ts`) is retried with
 * exponential backoff and full jitter until `maxAttempts`; a non-retryable AppError, or the last
 * attempt, moves the job to the dead letters, where it can be listed and replayed.
 *
 * Deduplication is by window, as in SQS FIFO: a send whose `dedupeKey` was accepted within the last
 * `dedupeWindowMs` (measured from that first send) is not enqueued again; it returns the first job's id
 * with `deduplicated: true`, whether that job is still waiting, running or already finished.
 */
import { AppError } from '../shared/errors.ts';

export interface JobToSend {
  type: string;
  /** Any JSON value; it is delivered as JSON.parse(JSON.stringify(payload)). */
  payload: unknown;
}

export interface SendOptions {
  /** Earliest delivery, in milliseconds from now (0 to `maxDelayMs`). */
  delayMs?: number;
  dedupeKey?: string;
  /** Deliveries before the job is dead-lettered (1 to `maxAttemptsLimit`, default `defaultMaxAttempts`). */
  maxAttempts?: number;
}

export interface SendResult {
  id: string;
  /** True when an earlier send with the same dedupeKey is still inside the window: nothing was enqueued. */
  deduplicated: boolean;
}

/** The producer side: all a use case needs. */
export interface JobQueue {
  send(job: JobToSend, options?: SendOptions): Promise<SendResult>;
}

export interface ReceivedJob {
  id: string;
  type: string;
  payload: unknown;
  /** 1 on the first delivery, growing with every redelivery or retry. */
  attempt: number;
  /** Epoch milliseconds of the send that created the job. */
  firstEnqueuedAt: number;
}

export type JobHandler = (job: ReceivedJob) => Promise<void>;

/** Handlers by job type; one registry serves every kind of worker. */
export type JobHandlers = Record<string, JobHandler>;

/** Identifies one lease of a job; a token from an expired, re-leased lease no longer counts. */
export interface JobLease {
  id: string;
  leaseToken: string;
}

export interface LeasedJob extends ReceivedJob, JobLease {
  maxAttempts: number;
}

export interface ReceiveOptions {
  /** Up to this many jobs (1 to `maxReceiveBatch`). */
  maxJobs: number;
  /** How long the leased jobs stay invisible to other consumers (1 ms to `maxVisibilityTimeoutMs`). */
  visibilityTimeoutMs: number;
}

export type FailOutcome =
  | { outcome: 'retry'; attempt: number; delayMs: number; nextAttemptAt: number }
  | { outcome: 'dead'; reason: 'not_retryable' | 'attempts_exhausted' }
  /** The lease had been superseded (the job was leased again or finished): nothing changed. */
  | { outcome: 'stale' };

export interface DeadLetter {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  lastError: { code: string; message: string };
  firstEnqueuedAt: number;
  deadAt: number;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: string | null;
}

export interface JobQueueStats {
  /** Deliverable now (including jobs whose lease expired). */
  ready: number;
  /** Waiting for a delay or a retry backoff. */
  delayed: number;
  /** Leased and within their visibility timeout. */
  inFlight: number;
  dead: number;
}

/** The consumer side, used by workers and by operators (dead letters, stats). */
export interface JobQueueConsumer {
  receive(options: ReceiveOptions): Promise<LeasedJob[]>;
  /** Completes the job. False when the lease was stale (the job was leased again or is gone). */
  ack(lease: JobLease): Promise<boolean>;
  /** Pushes the lease's expiry to now + visibilityTimeoutMs. False when the lease was stale. */
  extend(lease: JobLease, visibilityTimeoutMs: number): Promise<boolean>;
  /** Records a failed attempt and applies the retry policy. */
  fail(lease: JobLease, error: unknown): Promise<FailOutcome>;
  /** Oldest first; `limit` 1–1000, default 100. A malformed cursor is rejected with invalid_input. */
  listDeadLetters(options?: { limit?: number; cursor?: string }): Promise<DeadLetterPage>;
  /** Enqueues a dead letter again as a fresh job (new id, attempt count reset) and removes the dead letter. */
  replayDeadLetter(id: string): Promise<{ id: string }>;
  stats(): Promise<JobQueueStats>;
}

export interface DurableJobQueue extends JobQueue, JobQueueConsumer {}

export const dedupeWindowMs = 5 * 60_000;
export const defaultMaxAttempts = 5;
export const maxAttemptsLimit = 100;
/** SQS's DelaySeconds limit, so a delay that works locally also works in production. */
export const maxDelayMs = 15 * 60_000;
/** SQS's MessageDeduplicationId limit. */
export const maxDedupeKeyLength = 128;
export const maxJobTypeLength = 100;
/** SQS's classic message size limit, leaving the envelope room inside it. */
export const maxJobPayloadBytes = 200 * 1024;
export const maxReceiveBatch = 100;
/** SQS's visibility timeout limit. */
export const maxVisibilityTimeoutMs = 12 * 60 * 60_000;

export interface CheckedSend {
  type: string;
  /** The payload as JSON text, which is what every adapter stores or transmits. */
  payloadJson: string;
  delayMs: number;
  dedupeKey: string | undefined;
  maxAttempts: number;
}

/** Validates a send identically for every adapter; throws invalid_input before anything is stored. */
export function checkSend(job: JobToSend, options: SendOptions = {}): CheckedSend {
  const problems: string[] = [];
  const type = job?.type;
  if (typeof type !== 'string' || type.length === 0 || type.length > maxJobTypeLength) {
    problems.push(`type must be a string of 1 to ${maxJobTypeLength} characters`);
  }
  let payloadJson: string | undefined;
  try {
    payloadJson = JSON.stringify(job?.payload);
  } catch {
    payloadJson = undefined;
  }
  if (payloadJson === undefined) problems.push('payload must be a JSON value');
  else if (exceedsPayloadLimit(payloadJson)) {
    problems.push(`payload must be at most ${maxJobPayloadBytes} bytes of JSON`);
  }
  const delayMs = options.delayMs ?? 0;
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > maxDelayMs) {
    problems.push(`delayMs must be an integer from 0 to ${maxDelayMs}`);
  }
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > maxAttemptsLimit) {
    problems.push(`maxAttempts must be an integer from 1 to ${maxAttemptsLimit}`);
  }
  const { dedupeKey } = options;
  if (
    dedupeKey !== undefined &&
    (typeof dedupeKey !== 'string' || dedupeKey.length === 0 || dedupeKey.length > maxDedupeKeyLength)
  ) {
    problems.push(`dedupeKey must be a string of 1 to ${maxDedupeKeyLength} characters`);
  }
  if (problems.length > 0 || payloadJson === undefined) {
    throw AppError.invalidInput('The job cannot be sent', { problems });
  }
  return { type, payloadJson, delayMs, dedupeKey, maxAttempts };
}

const encoder = new TextEncoder();

function exceedsPayloadLimit(json: string): boolean {
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes, so most payloads need no encoding to decide.
  if (json.length * 3 <= maxJobPayloadBytes) return false;
  return encoder.encode(json).length > maxJobPayloadBytes;
}

export function checkReceive(options: ReceiveOptions): ReceiveOptions {
  const { maxJobs, visibilityTimeoutMs } = options;
  if (!Number.isInteger(maxJobs) || maxJobs < 1 || maxJobs > maxReceiveBatch) {
    throw AppError.invalidInput(`maxJobs must be an integer from 1 to ${maxReceiveBatch}`, { maxJobs });
  }
  checkVisibilityTimeout(visibilityTimeoutMs);
  return options;
}

export function checkVisibilityTimeout(visibilityTimeoutMs: number): number {
  if (
    !Number.isInteger(visibilityTimeoutMs) ||
    visibilityTimeoutMs < 1 ||
    visibilityTimeoutMs > maxVisibilityTimeoutMs
  ) {
    throw AppError.invalidInput(`visibilityTimeoutMs must be an integer from 1 to ${maxVisibilityTimeoutMs}`, {
      visibilityTimeoutMs,
    });
  }
  return visibilityTimeoutMs;
}

export const maxDeadLetterPage = 1000;

export function checkDeadLetterLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 1 || value > maxDeadLetterPage) {
    throw AppError.invalidInput(`limit must be an integer from 1 to ${maxDeadLetterPage}`, { limit });
  }
  return value;
}

/** Finds the handler for a job; an unknown type is a non-retryable failure, so the job is dead-lettered. */
export function handlerFor(handlers: JobHandlers, job: ReceivedJob): JobHandler {
  const handler = Object.hasOwn(handlers, job.type) ? handlers[job.type] : undefined;
  if (!handler) {
    throw new AppError('not_found', `No handler is registered for job type ${job.type}`, {
      details: { resource: 'job_handler', type: job.type },
    });
  }
  return handler;
}
