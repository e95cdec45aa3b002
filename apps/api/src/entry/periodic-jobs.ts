/**
 * The Node server's clock for the periodic-jobs registry (../periodic-jobs.ts), the same registry the
 * scheduler Lambda ticks on AWS: once at start (every job's current slot, so the hourly sweep also
 * runs at start) and then at every tick boundary (each minute, UTC), with the boundary as the tick's
 * time. The jobs go through the queue like any other (retries, dead letters), and each send's dedupe
 * key names its slot, so server processes sharing a queue, or a server beside the Lambda, enqueue
 * each slot once within the queue's dedupe window.
 */
import type { Deps } from '../deps.ts';
import { enqueueDuePeriodicJobs, type PeriodicJob, schedulerTickMinutes } from '../periodic-jobs.ts';

export interface PeriodicJobs {
  stop(): void;
}

const tickMs = schedulerTickMinutes * 60_000;

export function startPeriodicJobs(
  deps: Pick<Deps, 'jobQueue' | 'clock' | 'logger'>,
  jobs: PeriodicJob[],
): PeriodicJobs {
  const tick = (tickAtMs: number, currentSlots: boolean) =>
    enqueueDuePeriodicJobs({ jobs, queue: deps.jobQueue, tickAtMs, currentSlots }).catch((err: unknown) =>
      deps.logger.error({ err, tickAt: new Date(tickAtMs).toISOString() }, 'could not enqueue the periodic jobs'),
    );
  const startedAt = deps.clock.nowMs();
  void tick(startedAt, true);
  // Boundaries are counted from the first one rather than read from the clock, so a late timer still
  // ticks the slot it was meant for.
  let nextBoundary = Math.floor(startedAt / tickMs) * tickMs + tickMs;
  let timer: NodeJS.Timeout;
  const arm = () => {
    timer = setTimeout(
      () => {
        // After a long pause (a suspended machine) the missed ticks are skipped, not replayed: a
        // schedule's missed slots stay missed, as when no scheduler ran.
        const now = deps.clock.nowMs();
        if (now - nextBoundary > tickMs) nextBoundary = Math.floor(now / tickMs) * tickMs;
        void tick(nextBoundary, false);
        nextBoundary += tickMs;
        arm();
      },
      Math.max(1, Math.min(tickMs, nextBoundary - deps.clock.nowMs())),
    );
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}
