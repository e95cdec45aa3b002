/**
 * The sweep for runs no job will move any more (`workbench.sweep`, ticked every minute by the
 * periodic-jobs registry, like the schedule tick: the Node server's timer or the scheduler Lambda).
 *
 * - **Queued, start job lost.** A run is stored (in the queued-runs index) before its start job is
 *   sent; a process that dies in between leaves it `queued` with no job. A run still in that index
 *   after `queuedGraceMs` gets its start job sent again, with the run's own dedupe key: while the
 *   first send is inside the queue's dedupe window (a start job that is merely late) nothing is added,
 *   and a duplicate start job is harmless anyway (admission is conditional, step jobs are deduplicated
 *   and a finished step is never run again). A run still there after `queuedGiveUpMs` (its start job
 *   keeps failing) ends `failed` with `start_failed`.
 * - **Running, step job lost.** A running run sits in the running-runs index under its deadline
 *   (`startedAt + maxDurationMs`). Any live step job ends a run past its deadline itself
 *   (`max_duration_exceeded`; no executor outlives it). One still running `stalledGraceMs` after it
 *   has lost its step job — dead-lettered, or expired on SQS — and ends `failed` with `run_stalled`,
 *   naming the nodes that were pending.
 *
 * - **Waiting, kick lost.** A run parked for a slot is started by the run that frees one
 *   (`kickWaiting` after the ending); a process that dies between the ending and the kick leaves the
 *   organisation's waiting runs with nobody to start them. Parking a run marks its organisation
 *   (`T#<orgId>#WB / WAITING`, listed in a sharded global index); the sweep kicks every marked
 *   organisation (a kick sends start jobs only for free slots, so a kick in excess is harmless) and
 *   removes the marker once the organisation has had no waiting run for `queuedGraceMs`.
 *
 * The indexes are read by sort key up to a time bound (or, for the markers, in full: one per
 * organisation with waiting runs), shard by shard: the sweep never scans runs.
 */
import type { StoredItem } from '../ports/item-store.ts';
import { ConditionFailedError } from '../shared/errors.ts';
import { kickWaiting, sendStartJob } from './admission.ts';
import { summaries } from './advance-run.ts';
import { afterRunEnded, finishRun } from './finish-run.ts';
import { planNodes } from './graph-plan.ts';
import {
  queuedRunsIndex,
  runKey,
  runningRunsIndex,
  sweepBound,
  sweepShards,
  waitingIndex,
  waitingMarkerKey,
  waitingOrgsIndex,
} from './keys.ts';
import type { RunError, RunRecord } from './records.ts';
import { loadRunGraph, loadSteps } from './run-graph.ts';
import { logPuts } from './run-log.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export const sweepJobType = 'workbench.sweep';

export interface StrandedRunsSweep {
  /** Queued runs whose start job was sent again. */
  restarted: string[];
  /** Queued runs that never started within `queuedGiveUpMs`: now failed (`start_failed`). */
  failedQueued: string[];
  /** Running runs past their deadline with nothing left to end them: now failed (`run_stalled`). */
  failedStalled: string[];
  /** Waiting runs whose start job was sent because their organisation had a free slot. */
  kickedWaiting: string[];
}

/** Entries read per index shard and sweep; the rest wait for the next tick (oldest first). */
const perShard = 200;

export async function sweepStrandedRuns(deps: WorkbenchDeps): Promise<StrandedRunsSweep> {
  const now = deps.clock.nowMs();
  const result: StrandedRunsSweep = { restarted: [], failedQueued: [], failedStalled: [], kickedWaiting: [] };
  const { queuedGraceMs, queuedGiveUpMs, stalledGraceMs } = deps.settings;
  for (let shard = 0; shard < sweepShards; shard++) {
    for (const item of await oldest(deps, queuedRunsIndex(shard), now - queuedGraceMs)) {
      const run = item.data;
      if (run.status !== 'queued') continue;
      if (now - run.createdAt >= queuedGiveUpMs) {
        if (await failQueued(deps, item, now)) result.failedQueued.push(run.id);
      } else {
        await sendStartJob(deps, run.organizationId, run.id);
        result.restarted.push(run.id);
      }
    }
    for (const item of await oldest(deps, runningRunsIndex(shard), now - stalledGraceMs)) {
      const run = item.data;
      if (run.status !== 'running') continue;
      const error = await stalledError(deps, run, now);
      if (await finishRun(deps, run, { status: 'failed', error })) result.failedStalled.push(run.id);
    }
    const markers = await deps.store.query<WaitingMarker>({
      index: 'gsi1',
      pk: waitingOrgsIndex(shard),
      limit: perShard,
    });
    for (const marker of markers.items) result.kickedWaiting.push(...(await kickOrganisation(deps, marker, now)));
  }
  return result;
}

interface WaitingMarker {
  [key: string]: unknown;
  orgId: string;
  parkedAt: number;
}

async function kickOrganisation(
  deps: WorkbenchDeps,
  marker: StoredItem<WaitingMarker>,
  now: number,
): Promise<string[]> {
  const { orgId, parkedAt } = marker.data;
  const oldest = await deps.store.query<RunRecord>({ index: 'gsi2', pk: waitingIndex(orgId), limit: 1 });
  const waiting = oldest.items[0]?.data;
  if (waiting) return kickWaiting(deps, orgId, waiting.actor.plan);
  // Nothing waits: drop the marker, unless a run was parked since it was read (or just now, and the
  // index has not shown it yet).
  if (now - parkedAt >= deps.settings.queuedGraceMs) {
    await deps.store
      .delete(waitingMarkerKey(orgId), { condition: [{ kind: 'versionEquals', version: marker.version }] })
      .catch((error: unknown) => {
        if (!(error instanceof ConditionFailedError)) throw error;
      });
  }
  return [];
}

function oldest(deps: WorkbenchDeps, pk: string, beforeMs: number): Promise<StoredItem<RunRecord>[]> {
  return deps.store
    .query<RunRecord>({ index: 'gsi2', pk, sk: { lt: sweepBound(beforeMs) }, limit: perShard })
    .then((page) => page.items);
}

/** Ends a run that never started: conditional on the version read, so a run admitted or parked meanwhile is left alone. */
async function failQueued(deps: WorkbenchDeps, item: StoredItem<RunRecord>, now: number): Promise<boolean> {
  const run = item.data;
  const minutes = Math.round((now - run.createdAt) / 60_000);
  const error: RunError = {
    code: 'start_failed',
    message: `The run stayed queued for ${minutes} minutes without starting: its start job was lost or kept failing`,
  };
  const log = await logPuts(deps, run.organizationId, run.id, [
    {
      kind: 'run',
      nodeId: null,
      level: 'error',
      message: `Run failed: ${error.message}`,
      data: { status: 'failed', code: error.code },
    },
  ]);
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: runKey(run.organizationId, run.id),
        changes: {
          set: { status: 'failed', completedAt: now, error },
          index: { gsi2pk: null, gsi2sk: null },
          condition: [{ kind: 'versionEquals', version: item.version }],
        },
      },
      ...log,
    ]);
  } catch (conflict) {
    if (conflict instanceof ConditionFailedError) return false;
    throw conflict;
  }
  await afterRunEnded(deps, run, { status: 'failed', error }, { logged: true });
  return true;
}

async function stalledError(deps: WorkbenchDeps, run: RunRecord, now: number): Promise<RunError> {
  const overdueMs = now - ((run.startedAt ?? run.createdAt) + run.limits.maxDurationMs);
  let pending: [string, string][] = [];
  try {
    const graph = await loadRunGraph(deps, run);
    const states = planNodes(graph, summaries(await loadSteps(deps, run.organizationId, run.id)), run.startNodeIds);
    pending = [...states].filter(([, state]) => state === 'ready' || state === 'running' || state === 'waiting_retry');
  } catch {
    // The message is only less precise without the graph; the run still has to end.
  }
  const waiting = pending.length > 0 ? `; pending: ${pending.map(([id, state]) => `${id} (${state})`).join(', ')}` : '';
  const seconds = Math.round(overdueMs / 1000);
  return {
    code: 'run_stalled',
    message: `The run passed its ${run.limits.maxDurationMs} ms limit ${seconds} s ago without ending: the job of its pending step was lost (dead-lettered or expired)${waiting}`,
    ...(pending.length === 1 ? { nodeId: (pending[0] as [string, string])[0] } : {}),
  };
}
