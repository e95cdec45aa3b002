/**
 * Per-organisation concurrency with fair queueing (DESIGN §7). A run holds a slot from admission to
 * its terminal state; the slot counter is changed only together with the run's status (one
 * transaction), so it can never drift. Runs over the cap wait in their organisation's waiting index
 * (oldest first) and are started when a slot frees up. Organisations never wait for each other: one
 * tenant flooding the engine fills only its own slots, and the shared queue carries at most `cap`
 * runs' steps per tenant at a time.
 */

import type { PlanId } from '../identity/plans.ts';
import { ConditionFailedError } from '../shared/errors.ts';
import { ensureCounter } from './counters.ts';
import { runKey, runningCounterKey, waitingIndex } from './keys.ts';
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
 */
export async function tryAdmit(deps: WorkbenchDeps, run: RunRecord): Promise<number | null> {
  const cap = deps.settings.concurrencyFor(run.actor.plan);
  const counter = runningCounterKey(run.organizationId);
  for (let round = 0; round < 2; round++) {
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
          key: runKey(run.organizationId, run.id),
          changes: {
            set: { status: 'running', startedAt },
            index: { gsi2pk: null, gsi2sk: null },
            condition: [{ kind: 'compare', field: 'status', op: '=', value: 'queued' }],
          },
        },
      ]);
      return startedAt;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      if (error.index === 1) {
        const current = await deps.store.get<RunRecord>(runKey(run.organizationId, run.id));
        return current?.data.status === 'running' ? current.data.startedAt : null;
      }
      const item = await deps.store.get(counter);
      if (item && typeof item.data.running === 'number') return null;
      await ensureCounter(deps.store, counter, 'running');
    }
  }
  return null;
}

/** Asks workers to start the organisation's oldest waiting runs, as many as there are free slots. */
export async function kickWaiting(deps: WorkbenchDeps, orgId: string, plan: PlanId): Promise<void> {
  const cap = deps.settings.concurrencyFor(plan);
  // The waiting index first: it is empty most of the time, and then the counter need not be read.
  const waiting = await deps.store.query<RunRecord>({
    index: 'gsi2',
    pk: waitingIndex(orgId),
    limit: Math.min(cap, 100),
  });
  if (waiting.items.length === 0) return;
  const counter = await deps.store.get<{ running: number }>(runningCounterKey(orgId));
  const free = cap - (counter?.data.running ?? 0);
  if (free <= 0) return;
  await Promise.all(
    waiting.items
      .slice(0, free)
      .map((item) =>
        deps.queue.send({ type: startJobType, payload: { orgId, runId: item.data.id } satisfies StartJob }),
      ),
  );
}
