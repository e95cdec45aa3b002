import { type JobToSend, type SendOptions, scheduleTickJobType, uploadJobTypes } from '@diatonic/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import type { PeriodicJob } from '../periodic-jobs.ts';
import { startPeriodicJobs } from './periodic-jobs.ts';

const minute = 60_000;
const registry: PeriodicJob[] = [
  { name: uploadJobTypes.sweep, everyMinutes: 60, job: () => ({ type: uploadJobTypes.sweep, payload: {} }) },
  {
    name: 'workbench.schedules',
    everyMinutes: 1,
    job: (slot) => ({ type: scheduleTickJobType, payload: { tickAtMs: slot } }),
  },
];

describe('the Node server ticks the periodic-jobs registry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('enqueues every current slot at start, then each job in the minute its slot starts, until stopped', async () => {
    vi.useFakeTimers();
    const start = Date.UTC(2026, 0, 1, 10, 58, 30);
    vi.setSystemTime(start);
    const sent: [JobToSend, SendOptions | undefined][] = [];
    const jobs = startPeriodicJobs(
      {
        jobQueue: {
          send: async (job, options) => {
            sent.push([job, options]);
            return { id: `job_${sent.length}`, deduplicated: false };
          },
        },
        clock: { nowMs: () => Date.now() },
        logger: createLogger('silent'),
      },
      registry,
    );
    await vi.advanceTimersByTimeAsync(0);
    const hour = Date.UTC(2026, 0, 1, 10);
    const slot58 = Date.UTC(2026, 0, 1, 10, 58);
    expect(sent.map(([, options]) => options?.dedupeKey)).toEqual([
      `periodic:uploads.sweep:${hour}`,
      `periodic:workbench.schedules:${slot58}`,
    ]);
    // 10:59:00 and 11:00:00: a schedule tick each, and the hourly sweep at 11:00.
    await vi.advanceTimersByTimeAsync(90_000);
    expect(sent.slice(2).map(([job, options]) => [job.type, options?.dedupeKey, job.payload])).toEqual([
      [scheduleTickJobType, `periodic:workbench.schedules:${slot58 + minute}`, { tickAtMs: slot58 + minute }],
      [uploadJobTypes.sweep, `periodic:uploads.sweep:${hour + 60 * minute}`, {}],
      [scheduleTickJobType, `periodic:workbench.schedules:${hour + 60 * minute}`, { tickAtMs: hour + 60 * minute }],
    ]);
    jobs.stop();
    await vi.advanceTimersByTimeAsync(10 * minute);
    expect(sent).toHaveLength(5);
  });
});
