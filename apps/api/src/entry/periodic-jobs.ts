/**
 * Jobs the Node server sends on a timer, through the queue like any other job (so they retry and
 * dead-letter the same way): today the upload sweeper, hourly and once at start. The dedupe key names
 * the hour, so server processes sharing a queue that send within the queue's dedupe window (5 min)
 * enqueue one sweep; more sweeps than that are harmless, as sweeping is idempotent. On AWS an
 * EventBridge schedule sends the same job instead.
 */
import { uploadJobTypes } from '@diatonic/core';
import type { Deps } from '../deps.ts';

export const sweepIntervalMs = 3600_000;

export interface PeriodicJobs {
  stop(): void;
}

export function startPeriodicJobs(deps: Pick<Deps, 'jobQueue' | 'clock' | 'logger'>): PeriodicJobs {
  const sendSweep = () => {
    const hour = Math.floor(deps.clock.nowMs() / sweepIntervalMs);
    deps.jobQueue
      .send({ type: uploadJobTypes.sweep, payload: {} }, { dedupeKey: `${uploadJobTypes.sweep}:${hour}` })
      .catch((err: unknown) => deps.logger.error({ err }, 'could not schedule the upload sweeper'));
  };
  sendSweep();
  const timer = setInterval(sendSweep, sweepIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
