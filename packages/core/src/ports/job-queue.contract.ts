/**
 * The behaviour every consumer-capable JobQueue adapter must show. Not a test file by itself: an
 * adapter's test calls `describeJobQueueContract(name, makeQueue)`.
 *
 * Time and jitter are injected (`env.nowMs`, `env.random`), so visibility timeouts, delays and
 * backoffs are checked exactly and instantly instead of by sleeping.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../shared/errors.ts';
import { backoffCeilingMs, backoffDelayMs, type RetryPolicy } from '../shared/retry-policy.ts';
import {
  type DurableJobQueue,
  dedupeWindowMs,
  type LeasedJob,
  maxDelayMs,
  maxJobPayloadBytes,
  type ReceiveOptions,
} from './job-queue.ts';

export interface JobQueueContractEnv {
  /** The queue must read the time only from here (epoch milliseconds). */
  nowMs: () => number;
  /** The queue must draw backoff jitter only from here. */
  random: () => number;
  retry: RetryPolicy;
}

export interface JobQueueUnderTest {
  queue: DurableJobQueue;
  close?: () => void | Promise<void>;
}

export type MakeJobQueue = (env: JobQueueContractEnv) => JobQueueUnderTest | Promise<JobQueueUnderTest>;

const retry: RetryPolicy = { baseMs: 1_000, capMs: 60_000 };
const visibilityTimeoutMs = 30_000;
const one: ReceiveOptions = { maxJobs: 1, visibilityTimeoutMs };

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) ? error.code : error).toBe('invalid_input');
}

export function describeJobQueueContract(name: string, makeQueue: MakeJobQueue): void {
  describe(`JobQueue contract: ${name}`, () => {
    let now = 0;
    let randomValue = 0.5;
    let subject: JobQueueUnderTest;
    let queue: DurableJobQueue;
    const advance = (ms: number) => {
      now += ms;
    };
    const receiveOne = async (): Promise<LeasedJob | undefined> => (await queue.receive(one))[0];
    const receiveAll = (max = 100) => queue.receive({ maxJobs: max, visibilityTimeoutMs });

    beforeEach(async () => {
      now = Date.UTC(2026, 0, 1);
      randomValue = 0.5;
      subject = await makeQueue({ nowMs: () => now, random: () => randomValue, retry });
      queue = subject.queue;
    });

    afterEach(async () => {
      await subject.close?.();
    });

    describe('delivery', () => {
      it('delivers a sent job once with its type, JSON payload, attempt 1 and enqueue time', async () => {
        const payload = { text: 'héllo ✓ 🎵', nested: { list: [1, null, true] }, n: 1.5 };
        const sent = await queue.send({ type: 'email.send', payload });
        expect(sent.deduplicated).toBe(false);
        expect(typeof sent.id).toBe('string');
        const enqueuedAt = now;
        advance(5);
        const job = await receiveOne();
        expect(job).toMatchObject({
          id: sent.id,
          type: 'email.send',
          payload,
          attempt: 1,
          firstEnqueuedAt: enqueuedAt,
        });
        expect(job?.maxAttempts).toBe(5);
        expect(await queue.ack(job!)).toBe(true);
        advance(visibilityTimeoutMs * 10);
        expect(await receiveAll()).toEqual([]);
        expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
      });

      it('round-trips every kind of JSON payload, dropping what JSON drops', async () => {
        const payloads: unknown[] = [
          null,
          0,
          'text',
          [1, 'two'],
          { a: { b: { c: [] } } },
          { dropped: undefined, kept: 1 },
        ];
        for (const payload of payloads) await queue.send({ type: 't', payload });
        const jobs = await receiveAll();
        const received = jobs.map((j) => j.payload);
        const expected = payloads.map((p) => JSON.parse(JSON.stringify(p)));
        expect(received).toHaveLength(expected.length);
        for (const p of expected) expect(received).toContainEqual(p);
      });

      it('returns at most maxJobs jobs per receive and delivers every job, in any order', async () => {
        const ids = new Set<string>();
        for (let i = 0; i < 25; i++) ids.add((await queue.send({ type: 't', payload: { i } })).id);
        expect(ids.size).toBe(25);
        const seen: string[] = [];
        for (;;) {
          const batch = await queue.receive({ maxJobs: 7, visibilityTimeoutMs });
          expect(batch.length).toBeLessThanOrEqual(7);
          if (batch.length === 0) break;
          for (const job of batch) {
            seen.push(job.id);
            expect(await queue.ack(job)).toBe(true);
          }
        }
        expect(seen).toHaveLength(25);
        expect(new Set(seen)).toEqual(ids);
      });

      it('rejects bad sends with invalid_input and stores nothing', async () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await expectInvalid(queue.send({ type: '', payload: {} }));
        await expectInvalid(queue.send({ type: 'x'.repeat(101), payload: {} }));
        await expectInvalid(queue.send({ type: 't', payload: undefined }));
        await expectInvalid(queue.send({ type: 't', payload: cyclic }));
        await expectInvalid(queue.send({ type: 't', payload: { big: 1n } }));
        await expectInvalid(queue.send({ type: 't', payload: 'x'.repeat(maxJobPayloadBytes + 1) }));
        await expectInvalid(queue.send({ type: 't', payload: 'é'.repeat(maxJobPayloadBytes / 2 + 1) }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { delayMs: -1 }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { delayMs: 1.5 }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { delayMs: maxDelayMs + 1 }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { maxAttempts: 0 }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { maxAttempts: 101 }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { dedupeKey: '' }));
        await expectInvalid(queue.send({ type: 't', payload: {} }, { dedupeKey: 'k'.repeat(129) }));
        expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
        // The rejected dedupe key was not remembered.
        expect((await queue.send({ type: 't', payload: {} }, { dedupeKey: 'k' })).deduplicated).toBe(false);
      });

      it('rejects bad receive, extend and list options with invalid_input', async () => {
        await expectInvalid(queue.receive({ maxJobs: 0, visibilityTimeoutMs }));
        await expectInvalid(queue.receive({ maxJobs: 101, visibilityTimeoutMs }));
        await expectInvalid(queue.receive({ maxJobs: 1, visibilityTimeoutMs: 0 }));
        await queue.send({ type: 't', payload: {} });
        const job = await receiveOne();
        await expectInvalid(queue.extend(job!, -5));
        await expectInvalid(queue.listDeadLetters({ limit: 0 }));
        await expectInvalid(queue.listDeadLetters({ cursor: '%%%not-a-cursor%%%' }));
      });
    });

    describe('visibility timeout and at-least-once delivery', () => {
      it('hides a leased job from other consumers until its visibility timeout expires', async () => {
        await queue.send({ type: 't', payload: {} });
        const first = await receiveOne();
        expect(first?.attempt).toBe(1);
        expect(await queue.stats()).toMatchObject({ ready: 0, inFlight: 1 });
        advance(visibilityTimeoutMs - 1);
        expect(await receiveAll()).toEqual([]);
        advance(1);
        const again = await receiveOne();
        expect(again).toMatchObject({ id: first?.id, attempt: 2, firstEnqueuedAt: first?.firstEnqueuedAt });
        expect(again?.leaseToken).not.toBe(first?.leaseToken);
      });

      it('redelivers a job whose consumer never acknowledged it, and completes it on the next ack', async () => {
        await queue.send({ type: 't', payload: { n: 1 } });
        const crashed = await receiveOne();
        advance(visibilityTimeoutMs);
        const retried = await receiveOne();
        expect(retried?.id).toBe(crashed?.id);
        expect(await queue.ack(retried!)).toBe(true);
        advance(visibilityTimeoutMs * 3);
        expect(await receiveAll()).toEqual([]);
      });

      it('ignores ack, extend and fail from a stale lease after the job was leased again', async () => {
        await queue.send({ type: 't', payload: {} });
        const stale = await receiveOne();
        advance(visibilityTimeoutMs);
        const current = await receiveOne();
        expect(await queue.ack(stale!)).toBe(false);
        expect(await queue.extend(stale!, visibilityTimeoutMs)).toBe(false);
        expect(await queue.fail(stale!, new AppError('invalid_input', 'bad'))).toEqual({ outcome: 'stale' });
        expect(await queue.stats()).toMatchObject({ inFlight: 1, dead: 0 });
        expect(await queue.ack(current!)).toBe(true);
        expect(await queue.ack(current!)).toBe(false);
        expect(await queue.ack({ id: 'job_unknown', leaseToken: 'nope' })).toBe(false);
      });

      it('extends a lease so a long-running job stays invisible', async () => {
        await queue.send({ type: 't', payload: {} });
        const job = await receiveOne();
        advance(visibilityTimeoutMs - 1_000);
        expect(await queue.extend(job!, visibilityTimeoutMs)).toBe(true);
        advance(visibilityTimeoutMs - 1);
        expect(await receiveAll()).toEqual([]);
        advance(1);
        expect((await receiveOne())?.attempt).toBe(2);
      });

      it('dead-letters a job whose leases keep expiring once maxAttempts deliveries are used up', async () => {
        const { id } = await queue.send({ type: 't', payload: { poison: true } }, { maxAttempts: 2 });
        expect((await receiveOne())?.attempt).toBe(1);
        advance(visibilityTimeoutMs);
        expect((await receiveOne())?.attempt).toBe(2);
        advance(visibilityTimeoutMs);
        expect(await receiveAll()).toEqual([]);
        const { items } = await queue.listDeadLetters();
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({ id, attempts: 2, maxAttempts: 2, lastError: { code: 'internal' } });
      });

      it('never leases one job to two of many concurrent consumers, and delivers every job', async () => {
        const sent = new Set<string>();
        for (let i = 0; i < 120; i++) sent.add((await queue.send({ type: 't', payload: { i } })).id);
        const holding = new Set<string>();
        const processed: string[] = [];
        let overlaps = 0;
        const consumer = async () => {
          for (;;) {
            const batch = await queue.receive({ maxJobs: 3, visibilityTimeoutMs });
            if (batch.length === 0) return;
            await Promise.all(
              batch.map(async (job) => {
                if (holding.has(job.id)) overlaps++;
                holding.add(job.id);
                await new Promise((resolve) => setImmediate(resolve));
                holding.delete(job.id);
                processed.push(job.id);
                expect(await queue.ack(job)).toBe(true);
              }),
            );
          }
        };
        await Promise.all(Array.from({ length: 8 }, consumer));
        expect(overlaps).toBe(0);
        expect(processed).toHaveLength(sent.size);
        expect(new Set(processed)).toEqual(sent);
      });
    });

    describe('retries and dead letters', () => {
      it('retries retryable failures with growing, capped exponential backoff until maxAttempts', async () => {
        randomValue = 0.999;
        const { id } = await queue.send({ type: 't', payload: {} }, { maxAttempts: 9 });
        const delays: number[] = [];
        for (let attempt = 1; attempt < 9; attempt++) {
          const job = await receiveOne();
          expect(job).toMatchObject({ id, attempt });
          const outcome = await queue.fail(job!, new AppError('upstream_failed', `attempt ${attempt} failed`));
          expect(outcome).toMatchObject({ outcome: 'retry', attempt });
          if (outcome.outcome !== 'retry') return;
          expect(outcome.delayMs).toBe(backoffDelayMs(attempt, retry, () => 0.999));
          expect(outcome.nextAttemptAt).toBe(now + outcome.delayMs);
          delays.push(outcome.delayMs);
          // Not before its backoff has passed, exactly when it has.
          advance(outcome.delayMs - 1);
          expect(await receiveAll()).toEqual([]);
          expect(await queue.stats()).toMatchObject({ delayed: 1, ready: 0, inFlight: 0 });
          advance(1);
        }
        for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
        expect(delays[0]).toBeLessThan(delays[3]!);
        expect(Math.max(...delays)).toBeLessThanOrEqual(retry.capMs);
        expect(delays.at(-1)).toBe(Math.floor(0.999 * retry.capMs));
        const last = await receiveOne();
        expect(last?.attempt).toBe(9);
        expect(await queue.fail(last!, new Error('still broken'))).toEqual({
          outcome: 'dead',
          reason: 'attempts_exhausted',
        });
        const { items } = await queue.listDeadLetters();
        expect(items).toEqual([
          expect.objectContaining({ id, attempts: 9, lastError: { code: 'internal', message: 'still broken' } }),
        ]);
      });

      it('keeps every backoff within [0, ceiling] for any jitter draw', async () => {
        for (const draw of [0, 0.1, 0.5, 0.75, 0.999999]) {
          randomValue = draw;
          await queue.send({ type: 't', payload: { draw } }, { maxAttempts: 4 });
          for (let attempt = 1; attempt <= 3; attempt++) {
            const job = await receiveOne();
            expect(job?.attempt).toBe(attempt);
            const outcome = await queue.fail(job!, new AppError('unavailable', 'later'));
            if (outcome.outcome !== 'retry') throw new Error(`expected a retry, got ${outcome.outcome}`);
            expect(outcome.delayMs).toBeGreaterThanOrEqual(0);
            expect(outcome.delayMs).toBeLessThanOrEqual(backoffCeilingMs(attempt, retry));
            expect(outcome.delayMs).toBe(Math.floor(draw * backoffCeilingMs(attempt, retry)));
            advance(outcome.delayMs);
          }
          const job = await receiveOne();
          await queue.ack(job!);
        }
      });

      it('honours a rate limiter retryAfterMs as the minimum delay', async () => {
        randomValue = 0;
        await queue.send({ type: 't', payload: {} });
        const job = await receiveOne();
        const outcome = await queue.fail(job!, AppError.rateLimited(7_500));
        expect(outcome).toMatchObject({ outcome: 'retry', delayMs: 7_500 });
        advance(7_499);
        expect(await receiveAll()).toEqual([]);
        advance(1);
        expect((await receiveOne())?.attempt).toBe(2);
      });

      it('dead-letters a non-retryable AppError at once, keeping the error for inspection', async () => {
        const { id } = await queue.send({ type: 'import.file', payload: { file: 'a.csv' } });
        const job = await receiveOne();
        const outcome = await queue.fail(job!, AppError.invalidInput('Column "name" is missing'));
        expect(outcome).toEqual({ outcome: 'dead', reason: 'not_retryable' });
        const deadAt = now;
        advance(retry.capMs * 10);
        expect(await receiveAll()).toEqual([]);
        expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 1 });
        const { items, nextCursor } = await queue.listDeadLetters();
        expect(nextCursor).toBeNull();
        expect(items).toEqual([
          {
            id,
            type: 'import.file',
            payload: { file: 'a.csv' },
            attempts: 1,
            maxAttempts: 5,
            lastError: { code: 'invalid_input', message: 'Column "name" is missing' },
            firstEnqueuedAt: job?.firstEnqueuedAt,
            deadAt,
          },
        ]);
      });

      it('treats every retryable code as retryable and every other code as final', async () => {
        const cases: [AppError | Error, 'retry' | 'dead'][] = [
          [new AppError('upstream_failed', 'x'), 'retry'],
          [new AppError('rate_limited', 'x'), 'retry'],
          [new AppError('unavailable', 'x'), 'retry'],
          [new AppError('internal', 'x'), 'retry'],
          [new TypeError('bug'), 'retry'],
          [new AppError('not_found', 'x'), 'dead'],
          [new AppError('forbidden', 'x'), 'dead'],
          [new AppError('conflict', 'x'), 'dead'],
          [new AppError('budget_exceeded', 'x'), 'dead'],
        ];
        for (const [error, expected] of cases) {
          await queue.send({ type: 't', payload: {} });
          const job = await receiveOne();
          expect((await queue.fail(job!, error)).outcome).toBe(expected);
          if (expected === 'retry') {
            advance(retry.capMs);
            await queue.ack((await receiveOne())!);
          }
        }
      });

      it('replays a dead letter as a fresh job and removes it from the dead letters', async () => {
        const { id } = await queue.send({ type: 't', payload: { keep: 'me' } }, { maxAttempts: 1 });
        const job = await receiveOne();
        await queue.fail(job!, new AppError('upstream_failed', 'down'));
        advance(1_000);
        const replayed = await queue.replayDeadLetter(id);
        expect(replayed.id).not.toBe(id);
        expect((await queue.listDeadLetters()).items).toEqual([]);
        const fresh = await receiveOne();
        expect(fresh).toMatchObject({ id: replayed.id, type: 't', payload: { keep: 'me' }, attempt: 1 });
        expect(fresh?.firstEnqueuedAt).toBe(now);
        expect(fresh?.maxAttempts).toBe(1);
        await queue.ack(fresh!);
        const again = await queue.replayDeadLetter(id).catch((e: unknown) => e);
        expect(isAppError(again) && again.code).toBe('not_found');
      });

      it('refuses to replay a job that is not dead', async () => {
        const { id } = await queue.send({ type: 't', payload: {} });
        const error = await queue.replayDeadLetter(id).catch((e: unknown) => e);
        expect(isAppError(error) && error.code).toBe('not_found');
        expect(await queue.stats()).toMatchObject({ ready: 1, dead: 0 });
      });

      it('pages through dead letters without duplicates or gaps', async () => {
        const dead = new Set<string>();
        for (let i = 0; i < 7; i++) {
          const { id } = await queue.send({ type: 't', payload: { i } }, { maxAttempts: 1 });
          dead.add(id);
          advance(1);
        }
        for (const job of await receiveAll()) await queue.fail(job, new Error('boom'));
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 10; page++) {
          const result = await queue.listDeadLetters({ limit: 3, cursor });
          expect(result.items.length).toBeLessThanOrEqual(3);
          seen.push(...result.items.map((d) => d.id));
          if (result.nextCursor === null) break;
          cursor = result.nextCursor;
        }
        expect(seen).toHaveLength(7);
        expect(new Set(seen)).toEqual(dead);
      });
    });

    describe('deduplication', () => {
      it('returns the first job for a repeated dedupeKey within the window, whatever its state', async () => {
        const first = await queue.send({ type: 't', payload: { v: 1 } }, { dedupeKey: 'run_1:step_2' });
        const second = await queue.send({ type: 't', payload: { v: 2 } }, { dedupeKey: 'run_1:step_2' });
        expect(second).toEqual({ id: first.id, deduplicated: true });
        const job = await receiveOne();
        expect(job?.payload).toEqual({ v: 1 });
        await queue.ack(job!);
        advance(dedupeWindowMs - 1);
        expect(await queue.send({ type: 't', payload: {} }, { dedupeKey: 'run_1:step_2' })).toEqual({
          id: first.id,
          deduplicated: true,
        });
        expect(await receiveAll()).toEqual([]);
        advance(1);
        const later = await queue.send({ type: 't', payload: { v: 3 } }, { dedupeKey: 'run_1:step_2' });
        expect(later.deduplicated).toBe(false);
        expect(later.id).not.toBe(first.id);
        expect((await receiveOne())?.payload).toEqual({ v: 3 });
      });

      it('enqueues exactly one job for concurrent sends with one key, and separate jobs for separate keys', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => queue.send({ type: 't', payload: { i } }, { dedupeKey: 'same' })),
        );
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
        const a = await queue.send({ type: 't', payload: {} }, { dedupeKey: 'a' });
        const b = await queue.send({ type: 't', payload: {} }, { dedupeKey: 'b' });
        expect(a.id).not.toBe(b.id);
        expect(await receiveAll()).toHaveLength(3);
      });
    });

    describe('delayed jobs', () => {
      it('does not deliver a delayed job before its time', async () => {
        const { id } = await queue.send({ type: 't', payload: {} }, { delayMs: 10_000 });
        await queue.send({ type: 't', payload: { now: true } });
        expect(await queue.stats()).toEqual({ ready: 1, delayed: 1, inFlight: 0, dead: 0 });
        const immediate = await receiveAll();
        expect(immediate.map((j) => j.payload)).toEqual([{ now: true }]);
        advance(9_999);
        expect(await receiveAll()).toEqual([]);
        advance(1);
        const due = await receiveOne();
        expect(due).toMatchObject({ id, attempt: 1 });
      });
    });
  });
}
