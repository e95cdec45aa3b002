/**
 * The engine's two job handlers (DESIGN §7).
 *
 * `workbench.start` admits a queued run when its organisation has a free slot and enqueues its first
 * steps (with the admission's own write: `deps.writeAndSend`). `workbench.step` executes one node of
 * a running run:
 *   1. checks the run's limits (duration, budget) and claims the step with a conditional write that
 *      also counts it against `maxSteps`: a second delivery of the same job finds the claim and does
 *      nothing, and a finished step is never executed again;
 *   2. runs the executor (timeout, stop, logs: step-runner);
 *   3. stores the result, the usage and the step's log lines in one transaction, conditional on still
 *      holding the claim and on the run still running — only then
 *   4. enqueues the successors (advance-run), or ends the run. In a sequential graph, when the step
 *      spent nothing, what follows is known before the write and goes with it (`writeAndSend`: the
 *      successors' jobs in the same commit on the local queue, sent right after it elsewhere; or the
 *      run's ending in the same transaction).
 * A worker that dies between any two of these leaves state another worker resumes from: the job is
 * redelivered, an expired claim may be taken over, and a stored result is advanced from, not redone.
 */

import type { ConditionClause, StoredItem, TransactOperation } from '../ports/item-store.ts';
import { ConditionFailedError, isAppError } from '../shared/errors.ts';
import { backoffDelayMs, summarizeError } from '../shared/retry-policy.ts';
import { type StartJob, stepJobType, tryAdmit } from './admission.ts';
import { advanceRun, fitDedupeKey, type NextMove, nextMove, type StepJob, stepDedupeKey } from './advance-run.ts';
import { afterRunEnded, finishRun, type RunEnding, runEndingOperations, runEndLog } from './finish-run.ts';
import { incomingEdges, isSequential, outgoingCount } from './graph-plan.ts';
import { runKey, stepKey } from './keys.ts';
import { type AgentGraph, RetryableNodeError } from './node-executor.ts';
import { nodePolicy } from './node-policy.ts';
import type { RunError, RunRecord, StepRecord } from './records.ts';
import { loadRun, loadRunGraph, loadRunState, loadSteps } from './run-graph.ts';
import { appendLogs, type NewLog, writeWithLogs } from './run-log.ts';
import { runStep } from './step-runner.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

/** A step's output is stored in its item; larger outputs fail the node rather than the store. */
export const maxStepOutputChars = 100_000;

export async function handleStartJob(deps: WorkbenchDeps, job: StartJob): Promise<void> {
  const item = await loadRun(deps, job.orgId, job.runId);
  if (!item) return;
  let run = item.data;
  const graph = await loadRunGraph(deps, run);
  if (run.status === 'queued') {
    // A fresh run has no steps yet: its first step jobs are known now and go out with its admission.
    const first = run.retryOf === null ? nextMove(run, graph, new Map()) : undefined;
    const admitted = await tryAdmit(deps, run, first && !first.done ? first.jobs : []);
    if (admitted === null) return;
    if (admitted.jobsSent && first && !first.done && first.jobs.length > 0) return;
    // Admitted now (by this call or, when jobsSent is false, by a concurrent one).
    run = { ...run, status: 'running', startedAt: admitted.startedAt };
  }
  if (run.status !== 'running') return;
  // A fresh run has no steps yet; a retry has the reused ones, and a redelivery may find some.
  const steps =
    run.retryOf === null && item.data.status === 'queued' ? new Map() : await loadSteps(deps, job.orgId, job.runId);
  await advanceRun(deps, run, graph, steps);
}

function budgetError(run: RunRecord, strict: boolean): RunError | null {
  const tokens = run.inputTokens + run.outputTokens;
  const over = (used: number, limit: number | null) => limit !== null && (strict ? used > limit : used >= limit);
  if (over(tokens, run.limits.maxTokens)) {
    return { code: 'budget_exceeded', message: `The run used ${tokens} tokens; its budget is ${run.limits.maxTokens}` };
  }
  if (over(run.costMicroUsd, run.limits.maxCostMicroUsd)) {
    return {
      code: 'budget_exceeded',
      message: `The run cost ${run.costMicroUsd} micro-USD; its budget is ${run.limits.maxCostMicroUsd}`,
    };
  }
  return null;
}

const maxStepsError = (run: RunRecord, nodeId: string): RunError => ({
  code: 'max_steps_exceeded',
  message: `The run reached its limit of ${run.limits.maxSteps} steps`,
  nodeId,
});

/** After a step was refused on the run's item: ends the run if it is still running (so maxSteps was the cause). */
async function failOnMaxSteps(deps: WorkbenchDeps, run: RunRecord, nodeId: string): Promise<void> {
  const latest = await loadRun(deps, run.organizationId, run.id);
  if (latest?.data.status === 'running') {
    await finishRun(deps, latest.data, { status: 'failed', error: maxStepsError(run, nodeId) });
  }
}

const pick = <T extends object, K extends keyof T>(value: T, keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;

function inputsOf(graph: AgentGraph, nodeId: string, steps: ReadonlyMap<string, StoredItem<StepRecord>>) {
  const inputs: Record<string, unknown> = {};
  for (const edge of incomingEdges(graph, nodeId)) {
    const source = steps.get(edge.source)?.data;
    if (source?.status !== 'completed') continue;
    if (source.branch !== null && (edge.sourceHandle ?? null) !== source.branch) continue;
    inputs[edge.source] = source.output;
  }
  return inputs;
}

/** `queuedAt`: when the job was enqueued (the step became ready), kept for the step overhead metric. */
export async function handleStepJob(deps: WorkbenchDeps, job: StepJob, queuedAt?: number): Promise<void> {
  // The run, its steps and its log counter in one read.
  const { run: runItem, steps, logSeq } = await loadRunState(deps, job.orgId, job.runId);
  if (runItem?.data.status !== 'running') return;
  const run = runItem.data;
  const graph = await loadRunGraph(deps, run);
  const node = graph.nodes.find((candidate) => candidate.id === job.nodeId);
  if (!node) return;
  const existing = steps.get(node.id);
  const now = deps.clock.nowMs();

  if (existing) {
    const state = existing.data;
    // Finished already (a redelivery, or a crash after storing the result): only the advance may be missing.
    if (state.status === 'completed') return advanceRun(deps, run, graph, steps);
    if (state.status === 'failed') return;
    // Someone holds it (a duplicate delivery, or this very job before its worker died): come back
    // when the claim would expire. A live holder extends it, so this repeats until the step ends.
    if (state.status === 'running' && state.claimUntil > now) {
      await deps.queue.send(
        { type: stepJobType, payload: job },
        {
          delayMs: Math.min(state.claimUntil - now + 50, 15 * 60_000),
          dedupeKey: fitDedupeKey(`${job.runId}:${node.id}:${state.attempt}:held:${state.claimUntil}`),
        },
      );
      return;
    }
  }

  const elapsed = now - (run.startedAt ?? now);
  if (elapsed > run.limits.maxDurationMs) {
    await finishRun(deps, run, {
      status: 'failed',
      error: {
        code: 'max_duration_exceeded',
        message: `The run exceeded its ${run.limits.maxDurationMs} ms limit`,
        nodeId: node.id,
      },
    });
    return;
  }
  const overBudget = budgetError(run, node.type !== 'llm');
  if (overBudget) {
    await finishRun(deps, run, { status: 'failed', error: { ...overBudget, nodeId: node.id } });
    return;
  }

  const executor = deps.executors.get(node.type);
  if (!executor) {
    await finishRun(deps, run, {
      status: 'failed',
      error: { code: 'invalid_input', message: `No executor for node type ${node.type}`, nodeId: node.id },
    });
    return;
  }

  const policy = nodePolicy(node, deps.settings.defaultNodeTimeoutMs);
  const attempt = (existing?.data.attempt ?? 0) + 1;
  // A pure node (no side effects) is not claimed before it runs on its first attempt: a duplicate
  // delivery running it too changes nothing, and its record is written once, with the result (`put`
  // on condition that no record exists), which also counts the step against `maxSteps`.
  const pure = executor.pure === true && !existing;
  if (pure && run.stepsStarted >= run.limits.maxSteps) {
    await finishRun(deps, run, { status: 'failed', error: maxStepsError(run, node.id) });
    return;
  }
  const claim = pure ? null : deps.ids.next('clm');
  const inputs = inputsOf(graph, node.id, steps);
  const claimed: StepRecord = {
    nodeId: node.id,
    status: 'running',
    attempt,
    claim,
    claimUntil: pure ? 0 : now + deps.settings.stepClaimMs,
    input: inputs,
    output: null,
    branch: null,
    usage: null,
    startedAt: now,
    completedAt: null,
    durationMs: null,
    queuedAt: queuedAt ?? null,
    executorMs: null,
    error: existing?.data.error ?? null,
    reused: false,
  };
  const key = stepKey(job.orgId, job.runId, node.id);
  const runKeyOf = runKey(job.orgId, job.runId);
  const running: ConditionClause[] = [{ kind: 'compare', field: 'status', op: '=', value: 'running' }];
  const belowMaxSteps: ConditionClause = {
    kind: 'compare',
    field: 'stepsStarted',
    op: '<',
    value: run.limits.maxSteps,
  };
  const withinMaxSteps: ConditionClause[] = [...running, belowMaxSteps];
  try {
    if (!pure)
      await deps.store.transact([
        existing
          ? {
              kind: 'update',
              key,
              changes: { set: claimed, condition: [{ kind: 'versionEquals', version: existing.version }] },
            }
          : { kind: 'put', item: { ...key, data: claimed }, condition: [{ kind: 'notExists' }] },
        { kind: 'update', key: runKeyOf, changes: { add: { stepsStarted: 1 }, condition: withinMaxSteps } },
      ]);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.index !== 1) return; // another delivery claimed it first
    await failOnMaxSteps(deps, run, node.id);
    return;
  }
  /**
   * The step record's change: under the claim, or for a pure step the whole record, written once.
   * A pure step's first write also counts it (`stepsStarted`) in the same transaction.
   */
  const stepWrite = (set: Partial<StepRecord>): TransactOperation =>
    pure
      ? { kind: 'put', item: { ...key, data: { ...claimed, ...set } }, condition: [{ kind: 'notExists' }] }
      : { kind: 'update', key, changes: { set, condition: holdsClaim } };
  const writeStep = (set: Partial<StepRecord>) =>
    deps.store.transact(
      pure
        ? [stepWrite(set), { kind: 'update', key: runKeyOf, changes: { add: { stepsStarted: 1 } } }]
        : [stepWrite(set)],
    );
  const nodeOutputs: Record<string, unknown> = {};
  for (const [id, item] of steps) if (item.data.status === 'completed') nodeOutputs[id] = item.data.output;
  const remainingMs = run.limits.maxDurationMs - elapsed;
  const outcome = await runStep(deps, {
    run,
    node,
    executor,
    claim,
    timeoutMs: Math.min(policy.timeoutMs, remainingMs),
    inputs,
    nodeOutputs,
    // Written with the result for a quick step (one transaction), or by the first flush of a slow one.
    firstLogs: [
      {
        kind: 'node',
        nodeId: node.id,
        level: 'info',
        message: `${node.type} ${node.id} started`,
        data: { status: 'running', attempt },
      },
    ],
  });
  const finishedAt = deps.clock.nowMs();
  const holdsClaim: ConditionClause[] = [{ kind: 'compare', field: 'claim', op: '=', value: claim ?? '' }];
  const durationMs = finishedAt - now;

  let failure: { error: unknown; reason: 'timeout' | 'stopped' | 'thrown' } | null = null;
  if (outcome.kind === 'ok') {
    const output = outcome.result.output ?? null;
    const size = JSON.stringify(output)?.length ?? 0;
    if (size > maxStepOutputChars) {
      failure = {
        error: new Error(`The node's output has ${size} characters of JSON; at most ${maxStepOutputChars} are kept`),
        reason: 'thrown',
      };
    } else {
      const usage = outcome.result.usage ?? null;
      const branch = outcome.result.branch ?? null;
      const completed = {
        status: 'completed' as const,
        output,
        branch,
        usage,
        completedAt: finishedAt,
        durationMs,
        executorMs: outcome.executorMs,
        claim: null,
        error: null,
      };
      const lines: NewLog[] = [
        ...outcome.logs,
        {
          kind: 'node',
          nodeId: node.id,
          level: 'info',
          message: `${node.type} ${node.id} completed in ${durationMs} ms`,
          data: { status: 'completed', durationMs, ...(usage ? { usage } : {}), ...(branch ? { branch } : {}) },
        },
      ];
      // In a sequential graph, a step that spent nothing leaves the run's budget as read, and no other
      // step can have changed meanwhile: what follows is decided from what was read plus this result,
      // and written with it (the successors' jobs, or the run's ending) in one writeAndSend.
      let next: NextMove | undefined;
      if (!usage && isSequential(graph) && (branch !== null || outgoingCount(graph, node.id) <= 1)) {
        const after = new Map(steps);
        after.set(node.id, { ...key, version: 0, data: { ...claimed, ...completed } });
        next = nextMove(run, graph, after);
      }
      const ending: RunEnding | undefined = next?.done ? { status: 'completed', outputs: next.outputs } : undefined;
      // The run's item: still running (and, for a pure step, counting it within maxSteps), the usage
      // added, the ending set; a plain condition check when nothing changes.
      const add: Record<string, number> = {};
      if (pure) add.stepsStarted = 1;
      if (usage) Object.assign(add, pick(usage, ['inputTokens', 'outputTokens', 'costMicroUsd']));
      const counted = Object.keys(add).length > 0;
      const operations: TransactOperation[] = [stepWrite(completed)];
      if (ending) {
        const also = { ...(counted ? { add } : {}), condition: pure ? [belowMaxSteps] : [] };
        operations.push(...runEndingOperations(run, ending, finishedAt, also));
      } else if (counted) {
        operations.push({
          kind: 'update',
          key: runKeyOf,
          changes: { add, condition: pure ? withinMaxSteps : running },
        });
      } else operations.push({ kind: 'conditionCheck', key: runKeyOf, condition: running });
      try {
        // The result, the usage, the step's log lines and what follows in one transaction (see the file comment).
        await writeWithLogs(
          deps,
          { orgId: job.orgId, runId: job.runId, seq: logSeq },
          operations,
          ending ? [...lines, runEndLog(ending)] : lines,
          next && !next.done ? next.jobs : [],
        );
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        if (error.index === 1 && usage) {
          // The run ended meanwhile (stopped): what the model used was still spent, so the totals keep it.
          await deps.store.update(runKey(job.orgId, job.runId), {
            add: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costMicroUsd: usage.costMicroUsd },
          });
        }
        if (error.index === 1) await appendLogs(deps, job.orgId, job.runId, outcome.logs).catch(() => {});
        // Still running: a pure step found the run at its maxSteps.
        if (error.index === 1 && pure) await failOnMaxSteps(deps, run, node.id);
        return;
      }
      if (ending) {
        await afterRunEnded(deps, run, ending, { logged: true });
        return;
      }
      if (next) return;
      const latest = (await loadRun(deps, job.orgId, job.runId))?.data;
      if (latest?.status !== 'running') return;
      const spent = budgetError(latest, true);
      if (spent) {
        await finishRun(deps, latest, { status: 'failed', error: { ...spent, nodeId: node.id } });
        return;
      }
      // Read again after our write, so a join sees siblings that finished at the same time.
      await advanceRun(deps, latest, graph, await loadSteps(deps, job.orgId, job.runId));
      return;
    }
  } else {
    failure = outcome;
  }

  const { error, reason } = failure;
  await appendLogs(deps, job.orgId, job.runId, outcome.logs).catch(() => {});
  const summary = summarizeError(error);
  if (reason === 'stopped') {
    await writeStep({
      status: 'failed',
      claim: null,
      completedAt: finishedAt,
      durationMs,
      error: { code: 'stopped', message: 'The run was stopped' },
    }).catch(() => {});
    return;
  }
  const code = reason === 'timeout' ? 'timeout' : isAppError(error) ? error.code : 'node_failed';
  const stepError: RunError = { code, message: summary.message, nodeId: node.id };
  const retryable = reason === 'timeout' || error instanceof RetryableNodeError;
  if (retryable && attempt < policy.maxAttempts) {
    const delayMs = Math.min(backoffDelayMs(attempt, policy.backoff, deps.random), 15 * 60_000);
    try {
      await writeStep({ status: 'waiting_retry', claim: null, claimUntil: 0, durationMs, error: stepError });
    } catch (conflict) {
      if (conflict instanceof ConditionFailedError) return;
      throw conflict;
    }
    await appendLogs(deps, job.orgId, job.runId, [
      {
        kind: 'node',
        nodeId: node.id,
        level: 'warn',
        message: `${node.type} ${node.id} failed (attempt ${attempt} of ${policy.maxAttempts}): ${summary.message}; retrying in ${delayMs} ms`,
        data: { status: 'waiting_retry', attempt, delayMs, code },
      },
    ]);
    await deps.queue.send(
      { type: stepJobType, payload: job },
      { delayMs, dedupeKey: stepDedupeKey(job.runId, node.id, attempt + 1) },
    );
    return;
  }
  try {
    await writeStep({ status: 'failed', claim: null, completedAt: finishedAt, durationMs, error: stepError });
  } catch (conflict) {
    if (conflict instanceof ConditionFailedError) return;
    throw conflict;
  }
  await appendLogs(deps, job.orgId, job.runId, [
    {
      kind: 'node',
      nodeId: node.id,
      level: 'error',
      message: `${node.type} ${node.id} failed: ${summary.message}`,
      data: { status: 'failed', code },
    },
  ]);
  await finishRun(deps, run, { status: 'failed', error: stepError });
}
