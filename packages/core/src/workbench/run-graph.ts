/**
 * Loading what a run executes: its graph (an immutable version, or the draft snapshot taken when the
 * run was created) and its step records. Graphs never change once a run exists, so they are cached.
 */

import type { StoredItem } from '../ports/item-store.ts';
import { logSeqKey, runGraphKey, runKey, runPartition, stepPrefix, versionKey } from './keys.ts';
import type { AgentGraph } from './node-executor.ts';
import type { RunRecord, StepRecord, VersionRecord } from './records.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

const cache = new Map<string, AgentGraph>();
const maxCached = 500;

export async function loadRun(
  deps: WorkbenchDeps,
  orgId: string,
  runId: string,
): Promise<StoredItem<RunRecord> | undefined> {
  return deps.store.get<RunRecord>(runKey(orgId, runId));
}

export async function loadRunGraph(deps: WorkbenchDeps, run: RunRecord): Promise<AgentGraph> {
  const graph =
    run.agentVersion === null
      ? await cached(`${run.organizationId}/${run.id}`, async () => {
          const item = await deps.store.get<{ graph: AgentGraph }>(
            runGraphKey(run.organizationId, run.graphRunId ?? run.id),
          );
          return item?.data.graph;
        })
      : await loadVersionGraph(deps, run.organizationId, run.agentId, run.agentVersion);
  if (!graph) throw new Error(`The graph of run ${run.id} is missing`);
  return graph;
}

/** A published version's graph (immutable once written, so cached), or undefined when there is no such version. */
export function loadVersionGraph(
  deps: WorkbenchDeps,
  orgId: string,
  agentId: string,
  version: number,
): Promise<AgentGraph | undefined> {
  return cached(`${orgId}/${agentId}/${version}`, async () => {
    const item = await deps.store.get<VersionRecord>(versionKey(orgId, agentId, version));
    return item?.data.graph;
  });
}

async function cached(key: string, load: () => Promise<AgentGraph | undefined>): Promise<AgentGraph | undefined> {
  const hit = cache.get(key);
  if (hit) return hit;
  const graph = await load();
  if (!graph) return undefined;
  if (cache.size >= maxCached) cache.delete(cache.keys().next().value as string);
  cache.set(key, graph);
  return graph;
}

export async function loadSteps(
  deps: WorkbenchDeps,
  orgId: string,
  runId: string,
): Promise<Map<string, StoredItem<StepRecord>>> {
  const steps = new Map<string, StoredItem<StepRecord>>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<StepRecord>({
      pk: runPartition(orgId, runId),
      sk: { beginsWith: stepPrefix },
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) steps.set(item.data.nodeId, item);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return steps;
}

/** What a step job reads: the run, its step records and its log counter's value (`logSeq`). */
export interface RunState {
  run: StoredItem<RunRecord> | undefined;
  steps: Map<string, StoredItem<StepRecord>>;
  logSeq: number | undefined;
}

/**
 * The run, its steps and its log counter in one query: they sort together at the end of the run's
 * partition (LOGSEQ < RUN < STEP#…; the log lines and the graph sort before them).
 */
export async function loadRunState(deps: WorkbenchDeps, orgId: string, runId: string): Promise<RunState> {
  const state: RunState = { run: undefined, steps: new Map(), logSeq: undefined };
  const runSk = runKey(orgId, runId).sk;
  const logSeqSk = logSeqKey(orgId, runId).sk;
  let cursor: string | undefined;
  do {
    const page = await deps.store.query({
      pk: runPartition(orgId, runId),
      sk: { gte: logSeqSk },
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      if (item.sk === runSk) state.run = item as StoredItem<RunRecord>;
      else if (item.sk === logSeqSk) state.logSeq = typeof item.data.seq === 'number' ? item.data.seq : undefined;
      else if (item.sk.startsWith(stepPrefix)) {
        const step = item as StoredItem<StepRecord>;
        state.steps.set(step.data.nodeId, step);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return state;
}
