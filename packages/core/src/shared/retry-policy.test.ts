import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  backoffCeilingMs,
  backoffDelayMs,
  checkRetryPolicy,
  decideRetry,
  isRetryableError,
  summarizeError,
} from './retry-policy.ts';

const policy = { baseMs: 100, capMs: 5_000 };

describe('retry policy', () => {
  it('classifies only transient codes and unknown errors as retryable', () => {
    for (const code of ['upstream_failed', 'rate_limited', 'unavailable', 'internal'] as const) {
      expect(isRetryableError(new AppError(code, 'x'))).toBe(true);
    }
    for (const code of ['invalid_input', 'not_found', 'forbidden', 'conflict', 'budget_exceeded'] as const) {
      expect(isRetryableError(new AppError(code, 'x'))).toBe(false);
    }
    expect(isRetryableError(new Error('bug'))).toBe(true);
    expect(isRetryableError('a thrown string')).toBe(true);
  });

  it('doubles the ceiling per attempt up to the cap, without overflowing', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffCeilingMs(a, policy))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000,
    ]);
    expect(backoffCeilingMs(5_000, policy)).toBe(5_000);
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.9999)).toBe(399);
    for (let i = 0; i < 1_000; i++) {
      const attempt = 1 + (i % 10);
      const delay = backoffDelayMs(attempt, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(backoffCeilingMs(attempt, policy));
    }
  });

  it('retries until the last attempt, and never retries a final error', () => {
    const error = new AppError('unavailable', 'down');
    expect(decideRetry({ error, attempt: 1, maxAttempts: 3, policy, random: () => 0.5 })).toEqual({
      retry: true,
      delayMs: 50,
    });
    expect(decideRetry({ error, attempt: 3, maxAttempts: 3, policy })).toEqual({
      retry: false,
      reason: 'attempts_exhausted',
    });
    expect(decideRetry({ error: AppError.forbidden('x:y'), attempt: 1, maxAttempts: 3, policy })).toEqual({
      retry: false,
      reason: 'not_retryable',
    });
  });

  it('uses retryAfterMs as a floor, bounded by the cap', () => {
    const random = () => 0;
    expect(decideRetry({ error: AppError.rateLimited(1_234), attempt: 1, maxAttempts: 5, policy, random })).toEqual({
      retry: true,
      delayMs: 1_234,
    });
    expect(decideRetry({ error: AppError.rateLimited(60_000), attempt: 1, maxAttempts: 5, policy, random })).toEqual({
      retry: true,
      delayMs: 5_000,
    });
    expect(
      decideRetry({ error: AppError.rateLimited(10), attempt: 5, maxAttempts: 9, policy, random: () => 0.5 }),
    ).toEqual({
      retry: true,
      delayMs: 800,
    });
  });

  it('rejects nonsensical policies', () => {
    expect(() => checkRetryPolicy({ baseMs: 0, capMs: 10 })).toThrow(AppError);
    expect(() => checkRetryPolicy({ baseMs: 100, capMs: 10 })).toThrow(AppError);
    expect(() => checkRetryPolicy({ baseMs: Number.NaN, capMs: 10 })).toThrow(AppError);
    expect(checkRetryPolicy(policy)).toBe(policy);
  });

  it('summarizes errors with their code and a bounded message', () => {
    expect(summarizeError(AppError.invalidInput('bad'))).toEqual({ code: 'invalid_input', message: 'bad' });
    expect(summarizeError(new TypeError('oops'))).toEqual({ code: 'internal', message: 'oops' });
    expect(summarizeError({ weird: true })).toEqual({ code: 'internal', message: '{"weird":true}' });
    expect(summarizeError(new Error('x'.repeat(5_000))).message.length).toBe(2_001);
  });
});
