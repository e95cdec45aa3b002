/**
 * Per-organisation concurrency with fair queueing (DESIGN §7). A run holds a slot from admission to
 * its terminal state; the slot counter is changed only together with the run's status (one
 * transaction), so it can never drift. Runs over the cap wait in their organisation's waiting index
 * (oldest first; a run enters it when its start job finds no slot) and are started when a slot frees up. Organisations never wait for each other: one
 * tenant flooding the engine fills only its own slots, and the shared queue carries at most `cap`
 * runs' steps per tenant at a time.
 */

import type { PlanId } from '../identity/plans.ts';
import { ConditionFailedError } from '../shared/errors.ts';
import { ensureCounter } from './counters.ts';
import {
  runKey,
  runningCounterKey,
  runningRunIndexKeys,
  waitingIndex,
  waitingMarkerIndexKeys,
  waitingMarkerKey,
} from './keys.ts';
import type { RunRecord } from './records.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export const startJobType = 'workbench.start';
export const stepJobType = 'workbench.step';

export interface StartJob {
  orgId: string;
  runId: string;
}

/**
 * Moves a queued run to running if its organisation has a free slot. Returns the run's `startedAt`
 * when it is (now) running, null when it still waits (or has ended).
 *
 * A run enters its organisation's waiting index only here, when it found no free slot — so the
 * runs a finishing run kicks (`kickWaiting`) are the ones that really wait, not every run whose start
 * job is simply still in the queue. After indexing itself it tries once more: a run that ended
 * between the refusal and the index write released its slot before querying the index, so either
 * its query sees this run or this retry sees the free slot (no lost wake-up).
 */
export async function tryAdmit(deps: WorkbenchDeps, run: RunRecord): Promise<number | null> {
  const cap = deps.settings.concurrencyFor(run.actor.plan);
  const counter = runningCounterKey(run.organizationId);
  const key = runKey(run.organizationId, run.id);
  const queued = [{ kind: 'compare' as const, field: 'status', op: '=' as const, value: 'queued' }];
  let indexed = false;
  for (let round = 0; round < 3; round++) {
    const startedAt = deps.clock.nowMs();
    try {
      await deps.store.transact([
        {
          kind: 'update',
          key: counter,
          changes: { add: { running: 1 }, condition: [{ kind: 'compare', field: 'running', op: '<', value: cap }] },
        },
        {
          kind: 'update',
          key,
          changes: {
            set: { status: 'running', startedAt },
            // Out of the queued (or waiting) index, into the running one, sorted by the run's deadline.
            index: runningRunIndexKeys(run.organizationId, run.id, startedAt + run.limits.maxDurationMs),
            condition: queued,
          },
        },
      ]);
      return startedAt;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      if (error.index === 1) {
        const current = await deps.store.get<RunRecord>(key);
        return current?.data.status === 'running' ? current.data.startedAt : null;
      }
      const item = await deps.store.get(counter);
      if (!item || typeof item.data.running !== 'number') {
        await ensureCounter(deps.store, counter, 'running');
        continue;
      }
      if (indexed) return null;
      try {
        await deps.store.transact([
          {
            kind: 'update',
            key,
            changes: { index: { gsi2pk: waitingIndex(run.organizationId), gsi2sk: run.id }, condition: queued },
          },
          // Lets the sweep find the organisation if the run that should kick this one dies first.
          {
            kind: 'update',
            key: waitingMarkerKey(run.organizationId),
            changes: {
              set: { orgId: run.organizationId, parkedAt: deps.clock.nowMs() },
              index: waitingMarkerIndexKeys(run.organizationId),
            },
          },
        ]);
      } catch (conflict) {
        if (conflict instanceof ConditionFailedError) return null; // stopped meanwhile
        throw conflict;
      }
      indexed = true;
    }
  }
  return null;
}

/**
 * Asks workers to start the organisation's oldest waiting runs, as many as there are free slots.
 * Returns the runs whose start job it sent.
 */
export async function kickWaiting(deps: WorkbenchDeps, orgId: string, plan: PlanId): Promise<string[]> {
  const cap = deps.settings.concurrencyFor(plan);
  // The waiting index first: it is empty most of the time, and then the counter need not be read.
  const waiting = await deps.store.query<RunRecord>({
    index: 'gsi2',
    pk: waitingIndex(orgId),
    limit: Math.min(cap, 100),
  });
  if (waiting.items.length === 0) return [];
  const counter = await deps.store.get<{ running: number }>(runningCounterKey(orgId));
  const free = cap - (counter?.data.running ?? 0);
  if (free <= 0) return [];
  const kicked = waiting.items.slice(0, free).map((item) => item.data.id);
  await Promise.all(
    kicked.map((runId) => deps.queue.send({ type: startJobType, payload: { orgId, runId } satisfies StartJob })),
  );
  return kicked;
}

/**
 * A new run's start job. Its dedupe key names the run, so the sweep re-sending the start job of a run
 * still queued (stranded-runs.ts) adds nothing while the first one is within the queue's dedupe window.
 */
export async function sendStartJob(deps: WorkbenchDeps, orgId: string, runId: string): Promise<void> {
  await deps.queue.send(
    { type: startJobType, payload: { orgId, runId } satisfies StartJob },
    { dedupeKey: startDedupeKey(runId) },
  );
}

/** Run ids are at most ~70 characters, well inside the queue's 128-character dedupe keys. */
export const startDedupeKey = (runId: string) => `start:${runId}`;
