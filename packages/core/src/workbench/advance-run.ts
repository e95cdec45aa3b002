/**
 * After a step's result is stored: enqueue every node that became ready, or end the run when every
 * node is completed or skipped. Idempotent (dedupe keys on the sends, conditional claims on the steps,
 * a conditional run ending), so a redelivered job may call it again safely.
 */
import { createHash } from 'node:crypto';
import type { StoredItem } from '../ports/item-store.ts';
import { maxDedupeKeyLength } from '../ports/job-queue.ts';
import { stepJobType } from './admission.ts';
import { finishRun } from './finish-run.ts';
import { isRunDone, planNodes, resultNodeIds, type StepSummary } from './graph-plan.ts';
import type { AgentGraph } from './node-executor.ts';
import type { RunRecord, StepRecord } from './records.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export interface StepJob {
  orgId: string;
  runId: string;
  nodeId: string;
}

export function summaries(steps: ReadonlyMap<string, StoredItem<StepRecord>>): Map<string, StepSummary> {
  return new Map([...steps].map(([id, item]) => [id, { status: item.data.status, branch: item.data.branch }]));
}

export function stepDedupeKey(runId: string, nodeId: string, attempt = 1): string {
  return fitDedupeKey(`${runId}:${nodeId}:${attempt}`);
}

/** Queue dedupe keys are at most 128 characters (SQS); long node ids are hashed. */
export function fitDedupeKey(key: string): string {
  return key.length <= maxDedupeKeyLength ? key : `h:${createHash('sha256').update(key).digest('hex')}`;
}

export async function advanceRun(
  deps: WorkbenchDeps,
  run: RunRecord,
  graph: AgentGraph,
  steps: ReadonlyMap<string, StoredItem<StepRecord>>,
): Promise<void> {
  const states = planNodes(graph, summaries(steps), run.startNodeIds);
  if (isRunDone(states)) {
    const outputs: Record<string, unknown> = {};
    for (const id of resultNodeIds(graph)) {
      const step = steps.get(id);
      if (step?.data.status === 'completed') outputs[id] = step.data.output;
    }
    await finishRun(deps, run, { status: 'completed', outputs });
    return;
  }
  const ready = [...states].filter(([, state]) => state === 'ready').map(([id]) => id);
  await Promise.all(
    ready.map((nodeId) =>
      deps.queue.send(
        { type: stepJobType, payload: { orgId: run.organizationId, runId: run.id, nodeId } satisfies StepJob },
        { dedupeKey: stepDedupeKey(run.id, nodeId) },
      ),
    ),
  );
}
