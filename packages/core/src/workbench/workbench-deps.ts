/** What every workbench use case receives as its first argument. Built once by `createWorkbench`. */

import type { PlanId } from '../identity/plans.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { Ids } from '../shared/ids.ts';
import type { AbortRegistry } from './abort-registry.ts';
import type { NodeExecutor } from './node-executor.ts';
import type { RunLimits } from './records.ts';

export interface WorkbenchSettings {
  /** Runs of one organisation holding a slot at once; the others wait as `queued` (fair across organisations). */
  concurrencyFor(plan: PlanId): number;
  /** Defaults and ceilings of a run's limits, by plan. */
  runLimitsFor(plan: PlanId): RunLimits;
  /** How long a step's claim lasts before another worker may take the step over (a crashed worker). */
  stepClaimMs: number;
  /** How often a running step reads the run's status to learn of a stop made by another process. */
  stopPollMs: number;
  /** Per-node default timeout when the node sets none. */
  defaultNodeTimeoutMs: number;
  /** The sweep re-sends the start job of a run still not started this long after its creation. */
  queuedGraceMs: number;
  /** ... and fails it (`start_failed`) when it has not started this long after its creation. */
  queuedGiveUpMs: number;
  /** The sweep fails a run still running this long after its deadline (`run_stalled`: its step job was lost). */
  stalledGraceMs: number;
}

export interface WorkbenchDeps {
  store: ItemStore;
  queue: JobQueue;
  clock: Clock;
  ids: Ids;
  executors: ReadonlyMap<string, NodeExecutor>;
  notify: Notify | undefined;
  settings: WorkbenchSettings;
  aborts: AbortRegistry;
  /** Random source for retry jitter (tests pin it). */
  random: () => number;
}
