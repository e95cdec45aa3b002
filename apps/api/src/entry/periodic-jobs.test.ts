import { type JobToSend, type SendOptions, uploadJobTypes } from '@diatonic/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { startPeriodicJobs, sweepIntervalMs } from './periodic-jobs.ts';

describe('periodic jobs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the upload sweeper at start and every hour, keyed by the hour, until stopped', async () => {
    vi.useFakeTimers();
    const sent: [JobToSend, SendOptions | undefined][] = [];
    let now = Date.UTC(2026, 0, 1, 10, 30);
    const jobs = startPeriodicJobs({
      jobQueue: {
        send: async (job, options) => {
          sent.push([job, options]);
          return { id: `job_${sent.length}`, deduplicated: false };
        },
      },
      clock: { nowMs: () => now },
      logger: createLogger('silent'),
    });
    expect(sent).toEqual([
      [
        { type: uploadJobTypes.sweep, payload: {} },
        { dedupeKey: `uploads.sweep:${Math.floor(now / sweepIntervalMs)}` },
      ],
    ]);
    now += sweepIntervalMs;
    await vi.advanceTimersByTimeAsync(sweepIntervalMs);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.[1]?.dedupeKey).toBe(`uploads.sweep:${Math.floor(now / sweepIntervalMs)}`);
    jobs.stop();
    await vi.advanceTimersByTimeAsync(3 * sweepIntervalMs);
    expect(sent).toHaveLength(2);
  });
});
