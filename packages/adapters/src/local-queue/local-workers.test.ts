import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, type ReceivedJob } from '@diatonic/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJobQueue, type LocalJobQueue } from './local-job-queue.ts';
import { type LocalWorkers, startLocalWorkers, type WorkerLogger } from './local-workers.ts';

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function recordingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const logger: WorkerLogger = {
    info: (fields, message) => lines.push({ level: 'info', message, fields }),
    warn: (fields, message) => lines.push({ level: 'warn', message, fields }),
    error: (fields, message) => lines.push({ level: 'error', message, fields }),
  };
  return { logger, lines };
}

describe('local workers', () => {
  let dir: string;
  let db: Database.Database;
  let queue: LocalJobQueue;
  const running: LocalWorkers[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-workers-'));
    db = new Database(join(dir, 'app.db'));
    db.pragma('journal_mode = WAL');
    queue = createLocalJobQueue(db, { retry: { baseMs: 1, capMs: 5 } });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((w) => w.stop()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (options: Omit<Parameters<typeof startLocalWorkers>[0], 'queue'>) => {
    const workers = startLocalWorkers({ queue, ...options });
    running.push(workers);
    return workers;
  };

  it('runs every job once with at most `concurrency` handlers at a time', async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 30; i++) await queue.send({ type: 'work', payload: { i } });
    start({
      concurrency: 3,
      pollIntervalMs: 10,
      visibilityTimeoutMs: 30_000,
      handlers: {
        work: async (job) => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active--;
          done.push((job.payload as { i: number }).i);
        },
      },
    });
    await waitFor(() => done.length === 30, '30 jobs');
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await waitFor(async () => (await queue.stats()).ready + (await queue.stats()).inFlight === 0, 'acks');
  });

  it('wakes up for a job sent in the same process instead of waiting for the next poll', async () => {
    const seen: string[] = [];
    start({
      concurrency: 1,
      pollIntervalMs: 600_000,
      visibilityTimeoutMs: 30_000,
      handlers: { ping: async (job) => void seen.push(job.id) },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { id } = await queue.send({ type: 'ping', payload: {} });
    await waitFor(() => seen.length === 1, 'the ping job');
    expect(seen).toEqual([id]);
  });

  it('retries retryable failures and dead-letters final ones and unknown types', async () => {
    const { logger, lines } = recordingLogger();
    const attempts: number[] = [];
    start({
      concurrency: 2,
      pollIntervalMs: 2,
      visibilityTimeoutMs: 30_000,
      logger,
      handlers: {
        flaky: async (job: ReceivedJob) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new AppError('upstream_failed', 'model endpoint down');
        },
        broken: async () => {
          throw AppError.invalidInput('bad payload');
        },
      },
    });
    await queue.send({ type: 'flaky', payload: {} });
    await queue.send({ type: 'broken', payload: {} });
    await queue.send({ type: 'nobody-handles-this', payload: {} });
    await waitFor(async () => (await queue.stats()).dead === 2 && attempts.includes(3), 'outcomes');
    await waitFor(async () => (await queue.stats()).ready + (await queue.stats()).delayed === 0, 'the flaky job');
    expect(attempts).toEqual([1, 2, 3]);
    const dead = (await queue.listDeadLetters()).items.map((d) => [d.type, d.lastError.code, d.attempts]);
    expect(dead).toEqual([
      ['broken', 'invalid_input', 1],
      ['nobody-handles-this', 'not_found', 1],
    ]);
    expect(lines.filter((l) => l.message === 'job failed; will retry')).toHaveLength(2);
    expect(lines.filter((l) => l.message === 'job dead-lettered')).toHaveLength(2);
  });

  it('keeps extending the lease of a slow handler so no other worker gets its job', async () => {
    let runs = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handlers = {
      slow: async () => {
        runs++;
        await released;
      },
    };
    await queue.send({ type: 'slow', payload: {} });
    start({ concurrency: 1, pollIntervalMs: 5, visibilityTimeoutMs: 300, handlers });
    await waitFor(() => runs === 1, 'the slow job to start');
    const other = start({ concurrency: 1, pollIntervalMs: 5, visibilityTimeoutMs: 300, handlers });
    // Three visibility timeouts pass while the handler is alive; the heartbeat must keep the lease.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(runs).toBe(1);
    expect((await queue.stats()).inFlight).toBe(1);
    release();
    await other.stop();
    await waitFor(async () => (await queue.stats()).inFlight === 0, 'the ack');
    expect(runs).toBe(1);
  });

  it('stops leasing on stop() and waits for in-flight handlers to finish and ack', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const finished: string[] = [];
    await queue.send({ type: 'long', payload: { n: 1 } });
    const workers = start({
      concurrency: 4,
      pollIntervalMs: 5,
      visibilityTimeoutMs: 30_000,
      handlers: {
        long: async (job) => {
          await released;
          finished.push(job.id);
        },
      },
    });
    await waitFor(async () => (await queue.stats()).inFlight === 1, 'the job to be leased');
    let stopDone = false;
    const stopping = workers.stop().then(() => {
      stopDone = true;
    });
    await queue.send({ type: 'long', payload: { n: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopDone).toBe(false);
    release();
    await stopping;
    expect(finished).toHaveLength(1);
    // The first job was acked before stop() resolved; the one sent during shutdown is left for the next start.
    expect(await queue.stats()).toEqual({ ready: 1, delayed: 0, inFlight: 0, dead: 0 });
    expect(workers.stop()).toBe(workers.stop());
  });

  it('rejects bad options', () => {
    const base = { queue, handlers: {}, pollIntervalMs: 10, visibilityTimeoutMs: 1_000 };
    expect(() => startLocalWorkers({ ...base, concurrency: 0 })).toThrow(AppError);
    expect(() => startLocalWorkers({ ...base, concurrency: 1, pollIntervalMs: 0 })).toThrow(AppError);
    expect(() => startLocalWorkers({ ...base, concurrency: 1, visibilityTimeoutMs: 0 })).toThrow(AppError);
  });
});
