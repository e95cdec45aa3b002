import { createMemoryJobQueue } from '@diatonic/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.ts';
import type { PeriodicJob } from './periodic-jobs.ts';
import { startPeriodicTicker } from './periodic-ticker.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the Node server’s periodic ticker', () => {
  it('enqueues each due job on its minute boundary, once per slot, and stops', async () => {
    vi.useFakeTimers();
    const start = Date.UTC(2026, 0, 1, 9, 58, 30);
    vi.setSystemTime(start);
    const clock = { nowMs: () => Date.now() };
    const queue = createMemoryJobQueue({ nowMs: clock.nowMs });
    const hourly: PeriodicJob = {
      name: 'test.hourly',
      everyMinutes: 60,
      job: (slot) => ({ type: 't', payload: { slot } }),
    };
    const ticker = startPeriodicTicker({ jobs: [hourly], queue, clock, logger: createLogger('silent') });
    await vi.advanceTimersByTimeAsync(60_000); // 09:59:30 — the 09:59 tick sends nothing
    expect((await queue.stats()).ready).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000); // 10:00 tick passed
    expect((await queue.stats()).ready).toBe(1);
    await vi.advanceTimersByTimeAsync(59 * 60_000); // through 10:59
    expect((await queue.stats()).ready).toBe(1);
    ticker.stop();
    await vi.advanceTimersByTimeAsync(2 * 60 * 60_000);
    expect((await queue.stats()).ready).toBe(1);
    const [job] = await queue.receive({ maxJobs: 1, visibilityTimeoutMs: 1_000 });
    expect(job?.payload).toEqual({ slot: Date.UTC(2026, 0, 1, 10) });
  });
});
