/**
 * When to retry a failed piece of work and how long to wait. Pure functions, shared by the job queue
 * adapters and the workbench engine so that "retryable" means the same thing everywhere.
 *
 * Backoff is exponential with full jitter (the delay is uniform in [0, min(cap, base·2^(attempt-1)))),
 * which spreads retries of many jobs that failed together instead of having them retry in lockstep.
 */
import { AppError, type ErrorCode, isAppError } from './errors.ts';

export interface RetryPolicy {
  /** Ceiling of the first retry's delay, in milliseconds. */
  baseMs: number;
  /** Largest delay ever used, in milliseconds. */
  capMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** Codes that describe a passing condition (a flaky upstream, a limit, a restart) rather than bad work. */
const retryableCodes: ReadonlySet<ErrorCode> = new Set(['upstream_failed', 'rate_limited', 'unavailable', 'internal']);

/** Non-AppErrors are bugs or environment failures that we cannot tell apart, so they are retried. */
export function isRetryableError(error: unknown): boolean {
  return !isAppError(error) || retryableCodes.has(error.code);
}

export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { baseMs, capMs } = policy;
  if (!Number.isFinite(baseMs) || baseMs < 1 || !Number.isFinite(capMs) || capMs < baseMs) {
    throw AppError.invalidInput('Retry policy needs 1 <= baseMs <= capMs (milliseconds)', { baseMs, capMs });
  }
  return policy;
}

/** Upper bound of the delay before retry number `attempt` (1 = the first retry), in milliseconds. */
export function backoffCeilingMs(attempt: number, policy: RetryPolicy): number {
  // 2^(attempt-1) overflows to Infinity for large attempts, which min() turns into the cap.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Full jitter: `random` returns a number in [0, 1), like Math.random. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * backoffCeilingMs(attempt, policy));
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not_retryable' | 'attempts_exhausted' };

export interface RetryInput {
  error: unknown;
  /** The attempt that just failed, starting at 1. */
  attempt: number;
  maxAttempts: number;
  policy: RetryPolicy;
  random?: () => number;
}

export function decideRetry({ error, attempt, maxAttempts, policy, random }: RetryInput): RetryDecision {
  if (!isRetryableError(error)) return { retry: false, reason: 'not_retryable' };
  if (attempt >= maxAttempts) return { retry: false, reason: 'attempts_exhausted' };
  const jittered = backoffDelayMs(attempt, policy, random);
  // A rate limiter's Retry-After is a floor: retrying earlier would only be refused again. The cap
  // still wins, because it is the operator's promise about the longest wait.
  const hint = isAppError(error) ? error.details?.retryAfterMs : undefined;
  const floor = typeof hint === 'number' && Number.isFinite(hint) && hint > 0 ? Math.min(hint, policy.capMs) : 0;
  return { retry: true, delayMs: Math.max(jittered, Math.ceil(floor)) };
}

export interface ErrorSummary {
  code: ErrorCode;
  message: string;
}

const maxMessageLength = 2_000;

/** What gets recorded about a failure (dead letters, step logs): the code and a bounded message. */
export function summarizeError(error: unknown): ErrorSummary {
  const code: ErrorCode = isAppError(error) ? error.code : 'internal';
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : safeString(error);
  const message = raw.length > maxMessageLength ? `${raw.slice(0, maxMessageLength)}…` : raw;
  return { code, message: message || 'Unknown error' };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
