/**
 * Runs: start (execute, webhook, retry from a failed node), read (one with its plan, steps and log;
 * an agent's history), stop, and the log channel. A new run is stored `queued` in its organisation's
 * waiting index and a start job admits it (admission.ts); `waitForRun` serves `?wait=`.
 */
import { timingSafeEqual } from 'node:crypto';
import { quotasByPlan } from '../identity/plans.ts';
import type { StoredItem } from '../ports/item-store.ts';
import { maxTransactOperations, type TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { sendStartJob } from './admission.ts';
import { authorize, hashSecret, readAgent } from './agents.ts';
import { ensureCounter, incrementWithin } from './counters.ts';
import { afterRunEnded } from './finish-run.ts';
import {
  agentRunsIndex,
  monthlyRunsKey,
  queuedRunIndexKeys,
  runGraphKey,
  runKey,
  runningCounterKey,
  stepKey,
} from './keys.ts';
import type { AgentGraph } from './node-executor.ts';
import type { AgentRecord, RunRecord, StepRecord } from './records.ts';
import { terminalStatuses } from './records.ts';
import { loadRun, loadRunGraph, loadSteps, loadVersionGraph } from './run-graph.ts';
import { checkAgentLimits, effectiveRunLimits } from './run-limits.ts';
import { logItems, type NewLog, newLogCounter, readLogs } from './run-log.ts';
import { startNodesFor } from './run-triggers.ts';
import { type LogView, logView, type RunSummaryView, type RunView, runSummaryView, runView } from './views.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export interface ExecuteInput {
  input?: unknown;
  variables?: Record<string, unknown>;
  /** Lower this run's limits below the agent's and the plan's. */
  limits?: unknown;
  /** `draft` runs the saved draft; a number runs that published version; default: the latest published, else the draft. */
  agentVersion?: number | 'draft';
}

const maxInputChars = 64_000;
export const maxWaitMs = 30_000;
const logsInRunView = 200;

function checkExecuteInput(input: ExecuteInput): void {
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('A body is required');
  const size = JSON.stringify(input.input ?? null)?.length ?? 0;
  if (size > maxInputChars)
    throw AppError.invalidInput(`input may have at most ${maxInputChars} characters of JSON`, { field: 'input' });
  const vars = input.variables;
  if (vars !== undefined && (vars === null || typeof vars !== 'object' || Array.isArray(vars))) {
    throw AppError.invalidInput('variables must be an object', { field: 'variables' });
  }
  if ((JSON.stringify(vars ?? {})?.length ?? 0) > maxInputChars) {
    throw AppError.invalidInput(`variables may have at most ${maxInputChars} characters of JSON`, {
      field: 'variables',
    });
  }
}

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The plan's monthly run quota as one conditional add, to write in the transaction that stores the run. */
function monthlyRunCount(deps: WorkbenchDeps, actor: Actor): { operation: TransactOperation; limit: number | null } {
  const limit = quotasByPlan[actor.plan].runsPerMonth;
  return {
    limit,
    operation: {
      kind: 'update',
      key: monthlyRunsKey(actor.orgId, monthOf(deps.clock.nowMs())),
      changes: {
        add: { count: 1 },
        ...(limit === null ? {} : { condition: [{ kind: 'compare', field: 'count', op: '<', value: limit }] }),
      },
    },
  };
}

function quotaSpent(actor: Actor, limit: number | null): AppError {
  return new AppError('budget_exceeded', `The ${actor.plan} plan allows ${limit} runs a month`, {
    details: { quota: 'runsPerMonth', limit },
  });
}

/**
 * Writes `operations` together with the monthly run count (first): refused as a whole when the quota
 * is spent. A comparison on a missing counter is false, so a first refusal creates it and tries again.
 */
async function transactCountingRun(deps: WorkbenchDeps, actor: Actor, operations: TransactOperation[]): Promise<void> {
  const { operation, limit } = monthlyRunCount(deps, actor);
  for (let round = 0; round < 2; round++) {
    try {
      await deps.store.transact([operation, ...operations]);
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError) || error.index !== 0) throw error;
      const key = monthlyRunsKey(actor.orgId, monthOf(deps.clock.nowMs()));
      const counter = await deps.store.get(key);
      if (counter && typeof counter.data.count === 'number') throw quotaSpent(actor, limit);
      await ensureCounter(deps.store, key, 'count');
    }
  }
  throw quotaSpent(actor, limit);
}

async function countMonthlyRun(deps: WorkbenchDeps, actor: Actor): Promise<void> {
  const limit = quotasByPlan[actor.plan].runsPerMonth;
  const ok = await incrementWithin(
    deps.store,
    monthlyRunsKey(actor.orgId, monthOf(deps.clock.nowMs())),
    'count',
    limit,
  );
  if (!ok) throw quotaSpent(actor, limit);
}

async function graphFor(
  deps: WorkbenchDeps,
  agent: AgentRecord,
  version: ExecuteInput['agentVersion'],
): Promise<{ agentVersion: number | null; graph: AgentGraph }> {
  const wanted = version ?? (agent.publishedVersion === null ? 'draft' : agent.publishedVersion);
  if (wanted === 'draft') return { agentVersion: null, graph: agent.graph };
  if (!Number.isSafeInteger(wanted) || wanted < 1)
    throw AppError.invalidInput('agentVersion must be draft or a version number', { field: 'agentVersion' });
  const graph = await loadVersionGraph(deps, agent.organizationId, agent.id, wanted);
  if (!graph) throw AppError.notFound('agent version', `${agent.id}@${wanted}`);
  return { agentVersion: wanted, graph };
}

interface NewRun {
  actor: Actor;
  agent: AgentRecord;
  trigger: RunRecord['trigger'];
  agentVersion: number | null;
  /** The draft graph to snapshot, when this run is the one holding it. */
  draftGraph: AgentGraph | null;
  graphRunId: string | null;
  input: unknown;
  variables: Record<string, unknown>;
  limits: unknown;
  retryOf: string | null;
  /** The trigger nodes the run starts from (run-triggers.ts). */
  startNodeIds: string[] | null;
  /** Steps copied from the run being retried. */
  reusedSteps?: StepRecord[];
  /** Written in the same transaction as the run (a schedule slot's claim); a refused one refuses the run. */
  alongside?: (runId: string) => TransactOperation[];
}

export async function createRun(deps: WorkbenchDeps, spec: NewRun): Promise<RunRecord> {
  const { actor, agent } = spec;
  const id = deps.ids.next('run');
  const now = deps.clock.nowMs();
  const run: RunRecord = {
    id,
    organizationId: actor.orgId,
    agentId: agent.id,
    agentVersion: spec.agentVersion,
    graphRunId: spec.agentVersion === null ? (spec.graphRunId ?? id) : null,
    actor: { userId: actor.userId, orgId: actor.orgId, role: actor.role, plan: actor.plan },
    trigger: spec.trigger,
    startNodeIds: spec.startNodeIds,
    status: 'queued',
    input: spec.input ?? null,
    variables: spec.variables,
    limits: effectiveRunLimits(deps.settings.runLimitsFor(actor.plan), agent.limits, checkAgentLimits(spec.limits)),
    allowedHosts: agent.allowedHosts ?? null,
    retryOf: spec.retryOf,
    createdAt: now,
    startedAt: null,
    completedAt: null,
    stepsStarted: 0,
    inputTokens: 0,
    outputTokens: 0,
    costMicroUsd: 0,
    outputs: null,
    error: null,
  };
  const queuedLog: NewLog = {
    kind: 'run',
    nodeId: null,
    level: 'info',
    message: `Run queued (${spec.trigger})`,
    data: { status: 'queued' },
  };
  // The run, its log's counter and first line (numbered 1: the run is new).
  const runOperations: TransactOperation[] = [
    {
      kind: 'put',
      item: {
        ...runKey(actor.orgId, id),
        gsi1pk: agentRunsIndex(actor.orgId, agent.id),
        gsi1sk: id,
        // In the sweep's queued-runs index until its start job admits it (or parks it in the waiting
        // index when no slot is free), so a run whose start job was never sent is found and restarted.
        ...queuedRunIndexKeys(actor.orgId, id, now),
        data: run,
      },
      condition: [{ kind: 'notExists' }],
    },
    newLogCounter(actor.orgId, id, 1),
    ...logItems(actor.orgId, id, 1, now, [queuedLog]),
    ...(spec.alongside?.(id) ?? []),
  ];
  const before: TransactOperation[] = [];
  if (spec.draftGraph)
    before.push({ kind: 'put', item: { ...runGraphKey(actor.orgId, id), data: { graph: spec.draftGraph } } });
  for (const step of spec.reusedSteps ?? []) {
    before.push({
      kind: 'put',
      item: { ...stepKey(actor.orgId, id, step.nodeId), data: { ...step, reused: true, claim: null } },
    });
  }
  if (before.length + runOperations.length + 1 <= maxTransactOperations) {
    // Usually everything fits one transaction with the monthly count: all of it, or none of it.
    await transactCountingRun(deps, actor, [...before, ...runOperations]);
  } else {
    // Steps first, run last: the run becomes visible to workers only with everything it needs.
    await countMonthlyRun(deps, actor);
    for (let i = 0; i < before.length; i += maxTransactOperations)
      await deps.store.transact(before.slice(i, i + maxTransactOperations));
    await deps.store.transact(runOperations);
  }
  await sendStartJob(deps, actor.orgId, id);
  return run;
}

export async function executeAgent(
  deps: WorkbenchDeps,
  actor: Actor,
  agentId: string,
  input: ExecuteInput,
): Promise<RunView> {
  authorize(actor, 'agent:execute');
  checkExecuteInput(input);
  const agent = (await readAgent(deps, actor, agentId)).data;
  const { agentVersion, graph } = await graphFor(deps, agent, input.agentVersion);
  const run = await createRun(deps, {
    actor,
    agent,
    trigger: 'manual',
    agentVersion,
    draftGraph: agentVersion === null ? graph : null,
    graphRunId: null,
    input: input.input,
    variables: input.variables ?? {},
    limits: input.limits,
    retryOf: null,
    startNodeIds: startNodesFor(graph, { kind: 'manual' }),
  });
  return describeRun(deps, run);
}

export interface WebhookCall {
  agentId: string;
  secret: string;
  payload: unknown;
  /** Wait up to this long for the run to end before answering (`?wait=`). */
  waitMs?: number;
}

/**
 * The webhook trigger: the URL names no organisation, so the agent is found through its named
 * cross-tenant index, and the secret is compared in constant time. Any mismatch is a plain 404.
 * The run acts for the agent's creator, with their current role and plan.
 */
export async function executeWebhook(
  deps: WorkbenchDeps,
  actorFor: (orgId: string, userId: string) => Promise<Actor | null>,
  call: WebhookCall,
): Promise<WebhookRunView> {
  const notFound = () => AppError.notFound('webhook');
  if (!/^agt_[A-Za-z0-9]{1,64}$/.test(call.agentId) || typeof call.secret !== 'string' || call.secret.length > 200)
    throw notFound();
  const page = await deps.store.query<AgentRecord>({ index: 'gsi1', pk: `AGENT#${call.agentId}`, limit: 1 });
  const agent = page.items[0]?.data;
  const given = Buffer.from(hashSecret(call.secret), 'hex');
  const expected = Buffer.from(agent?.webhookSecretHash ?? '0'.repeat(64), 'hex');
  if (!agent || given.length !== expected.length || !timingSafeEqual(given, expected)) throw notFound();
  const actor = await actorFor(agent.organizationId, agent.createdBy);
  if (!actor || actor.orgId !== agent.organizationId || !canExecute(actor)) throw notFound();
  checkExecuteInput({ input: call.payload });
  const { agentVersion, graph } = await graphFor(deps, agent, undefined);
  const run = await createRun(deps, {
    actor,
    agent,
    trigger: 'webhook',
    agentVersion,
    draftGraph: agentVersion === null ? graph : null,
    graphRunId: null,
    input: call.payload,
    variables: {},
    limits: undefined,
    retryOf: null,
    startNodeIds: startNodesFor(graph, { kind: 'webhook' }),
  });
  if (call.waitMs && call.waitMs > 0) return webhookRunView(await waitForEnd(deps, actor, run.id, call.waitMs));
  return webhookRunView(run);
}

function canExecute(actor: Actor): boolean {
  try {
    authorize(actor, 'agent:execute');
    return true;
  } catch {
    return false;
  }
}

async function readRun(deps: WorkbenchDeps, actor: Actor, runId: string): Promise<StoredItem<RunRecord>> {
  const item =
    typeof runId === 'string' && /^run_[A-Za-z0-9]{1,64}$/.test(runId)
      ? await loadRun(deps, actor.orgId, runId)
      : undefined;
  if (!item) throw AppError.notFound('run', runId);
  return item;
}

export async function describeRun(deps: WorkbenchDeps, run: RunRecord): Promise<RunView> {
  const [graph, steps, logs] = await Promise.all([
    loadRunGraph(deps, run),
    loadSteps(deps, run.organizationId, run.id),
    readLogs(deps, run.organizationId, run.id, 0, logsInRunView),
  ]);
  return runView(run, graph, steps, logs);
}

export async function getRun(deps: WorkbenchDeps, actor: Actor, runId: string): Promise<RunView> {
  authorize(actor, 'run:read');
  return describeRun(deps, (await readRun(deps, actor, runId)).data);
}

/** Waits up to `ms` for the run to end (woken at once when it ends in this process), then describes it. */
export async function waitForRun(deps: WorkbenchDeps, actor: Actor, runId: string, ms: number): Promise<RunView> {
  authorize(actor, 'run:read');
  return describeRun(deps, await waitForEnd(deps, actor, runId, ms));
}

/** The run once ended, or as it is after `ms`. */
async function waitForEnd(deps: WorkbenchDeps, actor: Actor, runId: string, ms: number): Promise<RunRecord> {
  const deadline = deps.clock.nowMs() + Math.min(Math.max(0, ms), maxWaitMs);
  for (;;) {
    // Listening before reading: a run that ends between the read and the wait still wakes it.
    const left = deadline - deps.clock.nowMs();
    const ended = deps.aborts.waitFinished(runId, Math.max(0, Math.min(left, 100)));
    const run = (await readRun(deps, actor, runId)).data;
    if (terminalStatuses.has(run.status) || left <= 0) return run;
    await ended;
  }
}

/** What a webhook call answers: the run's summary, input and outputs (no plan or log reads). */
export type WebhookRunView = RunSummaryView & { input: unknown; outputs: Record<string, unknown> | null };

const webhookRunView = (run: RunRecord): WebhookRunView => ({
  ...runSummaryView(run),
  input: run.input,
  outputs: run.outputs,
});

export interface RunPage {
  items: RunSummaryView[];
  nextCursor: string | null;
}

export async function listAgentRuns(
  deps: WorkbenchDeps,
  actor: Actor,
  agentId: string,
  input: { limit?: number; cursor?: string } = {},
): Promise<RunPage> {
  authorize(actor, 'run:read');
  await readAgent(deps, actor, agentId);
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw AppError.invalidInput('limit must be 1 to 100', { field: 'limit' });
  const page = await deps.store.query<RunRecord>({
    index: 'gsi1',
    pk: agentRunsIndex(actor.orgId, agentId),
    reverse: true,
    limit,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  return { items: page.items.map((item) => runSummaryView(item.data)), nextCursor: page.nextCursor };
}

/**
 * Stops a run: the status changes at once (releasing its slot if it held one), in-flight steps in
 * this process are aborted now and those elsewhere within one status poll. Stopping an ended run
 * changes nothing and answers with it.
 */
export async function stopRun(deps: WorkbenchDeps, actor: Actor, runId: string): Promise<RunView> {
  authorize(actor, 'run:stop');
  for (let round = 0; round < 5; round++) {
    const item = await readRun(deps, actor, runId);
    const run = item.data;
    if (terminalStatuses.has(run.status)) return describeRun(deps, run);
    const set = {
      status: 'stopped',
      completedAt: deps.clock.nowMs(),
      error: { code: 'stopped', message: `Stopped by ${actor.userId}` },
    };
    const condition = [{ kind: 'versionEquals' as const, version: item.version }];
    try {
      if (run.status === 'queued') {
        await deps.store.update(runKey(actor.orgId, runId), { set, index: { gsi2pk: null, gsi2sk: null }, condition });
      } else {
        await deps.store.transact([
          {
            kind: 'update',
            key: runKey(actor.orgId, runId),
            changes: { set, index: { gsi2pk: null, gsi2sk: null }, condition },
          },
          { kind: 'update', key: runningCounterKey(actor.orgId), changes: { add: { running: -1 } } },
        ]);
      }
    } catch (error) {
      if (error instanceof ConditionFailedError) continue;
      throw error;
    }
    await afterRunEnded(deps, run, { status: 'stopped', error: set.error });
    return describeRun(deps, (await readRun(deps, actor, runId)).data);
  }
  throw AppError.conflict('The run kept changing; try again');
}

/** A new run of the same graph, input and variables that reuses the completed steps of a failed or stopped run. */
export async function retryRun(deps: WorkbenchDeps, actor: Actor, runId: string): Promise<RunView> {
  authorize(actor, 'agent:execute');
  const previous = (await readRun(deps, actor, runId)).data;
  if (previous.status !== 'failed' && previous.status !== 'stopped') {
    throw AppError.conflict(`Only a failed or stopped run can be retried; this one is ${previous.status}`, {
      status: previous.status,
    });
  }
  const agent = (await readAgent(deps, actor, previous.agentId)).data;
  const steps = await loadSteps(deps, actor.orgId, runId);
  const reusedSteps = [...steps.values()].map((item) => item.data).filter((step) => step.status === 'completed');
  const run = await createRun(deps, {
    actor,
    agent,
    trigger: 'retry',
    agentVersion: previous.agentVersion,
    draftGraph: null,
    graphRunId: previous.graphRunId,
    input: previous.input,
    variables: previous.variables,
    limits: undefined,
    retryOf: previous.id,
    startNodeIds: previous.startNodeIds ?? null,
    reusedSteps,
  });
  return describeRun(deps, run);
}

export async function runLogs(
  deps: WorkbenchDeps,
  actor: Actor,
  runId: string,
  input: { after?: number; limit?: number } = {},
): Promise<{ items: LogView[]; status: RunRecord['status']; lastId: number }> {
  authorize(actor, 'run:read');
  const run = (await readRun(deps, actor, runId)).data;
  const after = input.after ?? 0;
  const limit = input.limit ?? 500;
  if (!Number.isSafeInteger(after) || after < 0)
    throw AppError.invalidInput('after must be a log id (0 or more)', { field: 'after' });
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw AppError.invalidInput('limit must be 1 to 1000', { field: 'limit' });
  const logs = await readLogs(deps, actor.orgId, runId, after, limit);
  return { items: logs.map(logView), status: run.status, lastId: logs.at(-1)?.seq ?? after };
}
