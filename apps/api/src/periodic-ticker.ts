/**
 * The Node server's clock for periodic jobs (periodic-jobs.ts): ticks on every minute boundary and
 * enqueues what is due, as the scheduler Lambda does on AWS. Several server processes may tick at once:
 * the per-slot dedupe key keeps each slot's job single.
 */
import type { Clock, JobQueue } from '@diatonic/core';
import type { Logger } from './http/app-env.ts';
import { enqueueDuePeriodicJobs, type PeriodicJob, schedulerTickMinutes } from './periodic-jobs.ts';

export interface PeriodicTicker {
  stop(): void;
}

export function startPeriodicTicker(options: {
  jobs: PeriodicJob[];
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
}): PeriodicTicker {
  const { jobs, queue, clock, logger } = options;
  const tickMs = schedulerTickMinutes * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped || jobs.length === 0) return;
    const now = clock.nowMs();
    const next = Math.floor(now / tickMs) * tickMs + tickMs;
    timer = setTimeout(() => {
      enqueueDuePeriodicJobs({ jobs, queue, tickAtMs: next }).then(
        (result) => {
          if (result.enqueued.length > 0)
            logger.info({ enqueued: result.enqueued.map((e) => e.name) }, 'periodic jobs enqueued');
        },
        (err: unknown) => logger.error({ err }, 'periodic jobs could not be enqueued; the next tick tries again'),
      );
      schedule();
    }, next - now);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
