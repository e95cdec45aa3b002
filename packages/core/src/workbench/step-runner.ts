/**
 * Runs one executor call under the engine's rules: a timeout, an abort when the run is stopped (in
 * this process through the abort registry, in any other by polling the run's status item every
 * `stopPollMs`), the step's claim kept alive while it runs, and logs and streamed tokens batched into
 * the run's log. An executor that ignores its signal is abandoned at the abort, not waited for.
 */
import type { StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { runKey, stepKey } from './keys.ts';
import type { GraphNode, NodeContext, NodeExecutor, NodeLog, NodeResult } from './node-executor.ts';
import type { RunRecord } from './records.ts';
import { appendLogs, type NewLog } from './run-log.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export type StepOutcome =
  /** `executorMs`: the executor's own time (what the step overhead metric excludes). */
  (
    | { kind: 'ok'; result: NodeResult; executorMs: number }
    | { kind: 'error'; error: unknown; reason: 'timeout' | 'stopped' | 'thrown' }
  ) & {
    /**
     * Log entries not written yet (`firstLogs`, the executor's logs and tokens since the last flush):
     * the caller writes them with the step's result, in the same transaction.
     */
    logs: NewLog[];
  };

export interface StepRun {
  run: RunRecord;
  node: GraphNode;
  executor: NodeExecutor;
  /** The step's claim, kept alive while it runs; null for a pure step (never claimed). */
  claim: string | null;
  timeoutMs: number;
  inputs: Record<string, unknown>;
  nodeOutputs: Record<string, unknown>;
  /** Entries that open the step's log (its "started" line): written at the first flush, or with the result. */
  firstLogs: NewLog[];
}

const flushEveryMs = 150;

export async function runStep(deps: WorkbenchDeps, step: StepRun): Promise<StepOutcome> {
  const { run, node } = step;
  const orgId = run.organizationId;
  const controller = new AbortController();
  let reason: 'timeout' | 'stopped' | null = null;
  const abort = (why: 'timeout' | 'stopped') => {
    reason ??= why;
    controller.abort(
      new Error(why === 'timeout' ? `Node ${node.id} timed out after ${step.timeoutMs} ms` : 'The run was stopped'),
    );
  };
  const untrack = deps.aborts.track(run.id, controller);
  // An abort from the registry (a stop in this process) arrives without a reason set here.
  controller.signal.addEventListener('abort', () => {
    reason ??= 'stopped';
  });

  const pending: NewLog[] = [...step.firstLogs];
  let tokens = '';
  const takeTokens = () => {
    if (tokens) {
      pending.push({ kind: 'token', nodeId: node.id, level: 'info', message: tokens });
      tokens = '';
    }
  };
  const flush = async () => {
    takeTokens();
    if (pending.length === 0) return;
    const batch = pending.splice(0, pending.length);
    await appendLogs(deps, orgId, run.id, batch).catch(() => {});
  };

  const timer = setTimeout(() => abort('timeout'), Math.max(1, step.timeoutMs));
  let lastExtend = deps.clock.nowMs();
  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    (async () => {
      const current = await deps.store.get<RunRecord>(runKey(orgId, run.id));
      if (current?.data.status !== 'running') abort('stopped');
      const now = deps.clock.nowMs();
      if (step.claim !== null && now - lastExtend > deps.settings.stepClaimMs / 3) {
        lastExtend = now;
        await deps.store
          .update(stepKey(orgId, run.id, node.id), {
            set: { claimUntil: now + deps.settings.stepClaimMs },
            condition: [{ kind: 'compare', field: 'claim', op: '=', value: step.claim }],
          })
          .catch(() => {});
      }
      await flush();
    })()
      .catch(() => {})
      .finally(() => {
        polling = false;
      });
  }, deps.settings.stopPollMs);
  const flusher = setInterval(() => void flush(), flushEveryMs);

  const context: NodeContext = {
    actor: run.actor as Actor,
    agentId: run.agentId,
    runId: run.id,
    node,
    input: run.input,
    inputs: step.inputs,
    nodeOutputs: step.nodeOutputs,
    variables: run.variables,
    ...(run.allowedHosts ? { agentAllowedHosts: run.allowedHosts } : {}),
    signal: controller.signal,
    log(entry: NodeLog) {
      pending.push({
        kind: 'log',
        nodeId: node.id,
        level: entry.level,
        message: entry.message,
        ...(entry.data ? { data: entry.data } : {}),
      });
    },
    token(text: string) {
      tokens += text;
    },
  };

  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const executorStarted = performance.now();
  const rest = () => {
    takeTokens();
    return pending.splice(0, pending.length);
  };
  try {
    const result = await Promise.race([step.executor.execute(context), aborted]);
    const executorMs = Math.round((performance.now() - executorStarted) * 100) / 100;
    return { kind: 'ok', result, executorMs, logs: rest() };
  } catch (error) {
    const why = controller.signal.aborted ? (reason ?? 'stopped') : 'thrown';
    return { kind: 'error', error, reason: why, logs: rest() };
  } finally {
    clearTimeout(timer);
    clearInterval(poll);
    clearInterval(flusher);
    untrack();
  }
}

export type { StoredItem };
