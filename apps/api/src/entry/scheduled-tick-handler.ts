/**
 * One scheduler tick: enqueues the periodic jobs due at the event's scheduled `time` (periodic-jobs.ts).
 * The scheduled time, not the clock at invocation, decides, so a late or retried invocation picks the
 * same slots and dedupe drops the repeats.
 */
import type { ScheduledEvent } from 'aws-lambda';
import type { Deps } from '../deps.ts';
import { enqueueDuePeriodicJobs, type PeriodicJob, type TickResult } from '../periodic-jobs.ts';

export function createScheduledTickHandler(
  deps: Pick<Deps, 'jobQueue' | 'clock' | 'logger'>,
  jobs: PeriodicJob[],
): (event: Pick<ScheduledEvent, 'time'>) => Promise<TickResult> {
  return async (event) => {
    const scheduled = Date.parse(event?.time ?? '');
    const tickAtMs = Number.isFinite(scheduled) ? scheduled : deps.clock.nowMs();
    const result = await enqueueDuePeriodicJobs({ jobs, queue: deps.jobQueue, tickAtMs });
    deps.logger.info(
      {
        tickAt: new Date(tickAtMs).toISOString(),
        enqueued: result.enqueued.map((e) => e.name),
        deduplicated: result.deduplicated.map((e) => e.name),
      },
      'periodic jobs enqueued',
    );
    return result;
  };
}
