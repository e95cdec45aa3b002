import { createMemoryJobQueue } from '@diatonic/core/testing';
import { describe, expect, it } from 'vitest';
import { checkPeriodicJobs, enqueueDuePeriodicJobs, type PeriodicJob } from './periodic-jobs.ts';

const minute = 60_000;
const hourly: PeriodicJob = {
  name: 'test.hourly',
  everyMinutes: 60,
  job: (slot) => ({ type: 'test.sweep', payload: { slot } }),
};
const everyFive: PeriodicJob = {
  name: 'test.five',
  everyMinutes: 5,
  job: (slot) => ({ type: 'test.tick', payload: { slot } }),
};
const base = Date.UTC(2026, 0, 1, 10, 0, 0);

describe('periodic jobs', () => {
  it('enqueues each job once per slot, in the tick where its slot starts', async () => {
    const queue = createMemoryJobQueue({ nowMs: () => base });
    const seen: { type: string; slot: number }[] = [];
    // Every minute tick for two hours, each tick at 0–59 s past its minute.
    for (let m = 0; m < 120; m++) {
      await enqueueDuePeriodicJobs({ jobs: [hourly, everyFive], queue, tickAtMs: base + m * minute + (m % 60) * 1000 });
    }
    await queue.drain({
      'test.sweep': async (job) => {
        seen.push({ type: job.type, slot: (job.payload as { slot: number }).slot });
      },
      'test.tick': async (job) => {
        seen.push({ type: job.type, slot: (job.payload as { slot: number }).slot });
      },
    });
    const sweeps = seen.filter((s) => s.type === 'test.sweep').map((s) => s.slot);
    expect(sweeps.sort()).toEqual([base, base + 60 * minute]);
    const ticks = seen.filter((s) => s.type === 'test.tick');
    expect(ticks).toHaveLength(24);
    expect(new Set(ticks.map((t) => t.slot)).size).toBe(24);
  });

  it('deduplicates a retried or doubled tick', async () => {
    const queue = createMemoryJobQueue({ nowMs: () => base });
    const first = await enqueueDuePeriodicJobs({ jobs: [hourly], queue, tickAtMs: base });
    const again = await enqueueDuePeriodicJobs({ jobs: [hourly], queue, tickAtMs: base + 10_000 });
    expect(first.enqueued).toHaveLength(1);
    expect(again.enqueued).toEqual([]);
    expect(again.deduplicated).toEqual([{ name: 'test.hourly', jobId: first.enqueued[0]?.jobId, slotStartMs: base }]);
    expect((await queue.stats()).ready).toBe(1);
  });

  it('tries every job even when one send fails, then reports the failure so the tick is retried', async () => {
    const queue = createMemoryJobQueue({ nowMs: () => base });
    const broken: PeriodicJob = { name: 'broken', everyMinutes: 1, job: () => ({ type: '', payload: {} }) };
    await expect(enqueueDuePeriodicJobs({ jobs: [broken, hourly], queue, tickAtMs: base })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await queue.stats()).ready).toBe(1);
  });

  it('refuses a registry with duplicate names or intervals the tick cannot hit', () => {
    expect(() => checkPeriodicJobs([hourly, hourly], 1)).toThrow(/registered twice/);
    expect(() => checkPeriodicJobs([{ ...hourly, everyMinutes: 0 }], 1)).toThrow(/1 to 1440/);
    expect(() => checkPeriodicJobs([{ ...hourly, everyMinutes: 7 }], 5)).toThrow(/multiple of 5/);
    expect(() => checkPeriodicJobs([{ ...hourly, name: 'has space' }], 1)).toThrow(/invalid/);
    expect(checkPeriodicJobs([hourly, everyFive], 5)).toHaveLength(2);
  });
});
