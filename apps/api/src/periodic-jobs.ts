/**
 * Periodic jobs: the registry every module adds its recurring work to (the uploads temp sweeper,
 * workbench schedule ticks and stranded-runs sweep, …). A tick (the scheduler Lambda on an EventBridge rule, or any other
 * clock) enqueues the jobs whose slot starts within that tick; the jobs themselves run in the workers
 * like any other job. Slots are aligned to the epoch (every 60 minutes → on the hour, UTC), and each
 * send carries the dedupe key `periodic:<name>:<slot>`, so a retried or doubled tick enqueues once.
 */
import {
  AppError,
  type JobQueue,
  type JobToSend,
  organizationPurgeJobTypes,
  scheduleTickJobType,
  sweepJobType,
  uploadJobTypes,
} from '@diatonic/core';
import type { Deps } from './deps.ts';

export interface PeriodicJob {
  /** Unique among periodic jobs; part of the dedupe key (letters, digits, `.`, `-`, `_`). */
  name: string;
  /** Minutes between runs, a whole multiple of the tick (1 to 1440). */
  everyMinutes: number;
  /** The job to enqueue for the slot that starts at `slotStartMs`. */
  job(slotStartMs: number): JobToSend;
}

/** How often the scheduler ticks. apps/infra schedules the scheduler Lambda at this rate. */
export const schedulerTickMinutes = 1;

/**
 * Every module's periodic jobs; a module adds its entry here. One registry, two clocks: the scheduler
 * Lambda ticks it on AWS (entry/lambda-scheduler.ts), the Node server's timer ticks it in process
 * (entry/periodic-jobs.ts).
 */
export function periodicJobs(_deps: Deps): PeriodicJob[] {
  return [
    { name: uploadJobTypes.sweep, everyMinutes: 60, job: () => ({ type: uploadJobTypes.sweep, payload: {} }) },
    // The workbench's schedule triggers: the tick's time decides which cron slots are due.
    {
      name: 'workbench.schedules',
      everyMinutes: 1,
      job: (slotStartMs) => ({ type: scheduleTickJobType, payload: { tickAtMs: slotStartMs } }),
    },
    // The workbench's stranded runs: queued runs whose start job was lost, running runs whose step job was.
    { name: 'workbench.sweep', everyMinutes: 1, job: () => ({ type: sweepJobType, payload: {} }) },
    // Deleted organisations: swept again until nothing in flight can still write to them (purge-organization.ts).
    {
      name: organizationPurgeJobTypes.catchUp,
      everyMinutes: 15,
      job: () => ({ type: organizationPurgeJobTypes.catchUp, payload: {} }),
    },
  ];
}

const minuteMs = 60_000;

export function checkPeriodicJobs(jobs: PeriodicJob[], tickMinutes: number): PeriodicJob[] {
  const names = new Set<string>();
  for (const job of jobs) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(job.name) || names.has(job.name)) {
      throw new AppError('internal', `Periodic job name ${job.name} is invalid or registered twice`);
    }
    names.add(job.name);
    if (!Number.isInteger(job.everyMinutes) || job.everyMinutes < 1 || job.everyMinutes > 1440) {
      throw new AppError('internal', `Periodic job ${job.name}: everyMinutes must be 1 to 1440`);
    }
    if (job.everyMinutes % tickMinutes !== 0) {
      throw new AppError('internal', `Periodic job ${job.name}: everyMinutes must be a multiple of ${tickMinutes}`);
    }
  }
  return jobs;
}

export interface TickResult {
  enqueued: { name: string; jobId: string; slotStartMs: number }[];
  /** Already enqueued for this slot by an earlier (retried or doubled) tick. */
  deduplicated: { name: string; jobId: string; slotStartMs: number }[];
}

/**
 * Enqueues every job with a slot starting in `(tickAtMs - tickMinutes, tickAtMs]`. Every job is tried
 * even when one send fails; then the first failure is thrown, so the tick is retried (dedupe keeps
 * the sends that went through from doubling).
 */
export async function enqueueDuePeriodicJobs(options: {
  jobs: PeriodicJob[];
  queue: JobQueue;
  tickAtMs: number;
  tickMinutes?: number;
  /**
   * Enqueue every job's current slot, even one that started before this tick (a server starting up
   * runs the hourly sweep now, not at the next hour); the slot's dedupe key still keeps it once.
   */
  currentSlots?: boolean;
}): Promise<TickResult> {
  const tickMinutes = options.tickMinutes ?? schedulerTickMinutes;
  const jobs = checkPeriodicJobs(options.jobs, tickMinutes);
  const result: TickResult = { enqueued: [], deduplicated: [] };
  const failures: unknown[] = [];
  for (const periodic of jobs) {
    const everyMs = periodic.everyMinutes * minuteMs;
    const slotStartMs = Math.floor(options.tickAtMs / everyMs) * everyMs;
    if (!options.currentSlots && options.tickAtMs - slotStartMs >= tickMinutes * minuteMs) continue;
    try {
      const sent = await options.queue.send(periodic.job(slotStartMs), {
        dedupeKey: `periodic:${periodic.name}:${slotStartMs}`,
      });
      const entry = { name: periodic.name, jobId: sent.id, slotStartMs };
      (sent.deduplicated ? result.deduplicated : result.enqueued).push(entry);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
  return result;
}
