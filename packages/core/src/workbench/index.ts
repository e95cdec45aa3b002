/**
 * Workbench (DESIGN §7): agents as versioned React Flow graphs, and a durable engine that executes
 * them one step job at a time on the JobQueue. `createWorkbench` binds the use cases to their
 * dependencies; the API calls the facade, and workers call `jobHandlers`.
 */
import type { AccountExportContext } from '../identity/account-extensions.ts';
import type { PlanId } from '../identity/plans.ts';
import type { Notify } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobHandlers, JobQueue } from '../ports/job-queue.ts';
import { type WriteAndSend, writeThenSend } from '../ports/write-and-send.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { createAbortRegistry } from './abort-registry.ts';
import { exportWorkbenchAccount } from './account-data.ts';
import { type StartJob, startJobType, stepJobType } from './admission.ts';
import type { StepJob } from './advance-run.ts';
import {
  type AgentPage,
  type CreateAgentInput,
  createAgent,
  deleteAgent,
  getAgent,
  listAgents,
  publishAgent,
  rotateWebhookSecret,
  type UpdateAgentInput,
  updateAgent,
} from './agents.ts';
import { handleStartJob, handleStepJob } from './execute-step.ts';
import type { NodeExecutor } from './node-executor.ts';
import type { RunLimits } from './records.ts';
import { concurrencyByPlan, runLimitsByPlan } from './run-limits.ts';
import {
  type ExecuteInput,
  executeAgent,
  executeWebhook,
  getRun,
  listAgentRuns,
  type RunPage,
  retryRun,
  runLogs,
  stopRun,
  type WebhookRunView,
  waitForRun,
} from './runs.ts';
import {
  handleScheduleTick,
  type ScheduleTickJob,
  type ScheduleTickResult,
  scheduleTickJobType,
} from './scheduled-runs.ts';
import { type StrandedRunsSweep, sweepJobType, sweepStrandedRuns } from './stranded-runs.ts';
import type { AgentView, LogView, RunView, VersionView } from './views.ts';
import type { WorkbenchDeps, WorkbenchSettings } from './workbench-deps.ts';

export interface WorkbenchOptions {
  store: ItemStore;
  queue: JobQueue;
  /** Item writes with the jobs they make ready; defaults to writing, then sending (`writeThenSend`). */
  writeAndSend?: WriteAndSend;
  /** Every node type the engine may run (see `builtInExecutors`); a type's `validate` runs on save. */
  executors: readonly NodeExecutor[];
  /** The webhook trigger acts for the agent's creator: their current role and plan in the organisation, or null. */
  actorFor?: (orgId: string, userId: string) => Promise<Actor | null>;
  notify?: Notify;
  clock?: Clock;
  ids?: Ids;
  random?: () => number;
  settings?: Partial<WorkbenchSettings>;
}

export interface Workbench {
  createAgent(actor: Actor, input: CreateAgentInput): Promise<AgentView>;
  listAgents(actor: Actor, input?: { limit?: number; cursor?: string }): Promise<AgentPage>;
  getAgent(actor: Actor, agentId: string): Promise<AgentView>;
  updateAgent(actor: Actor, agentId: string, input: UpdateAgentInput): Promise<AgentView>;
  deleteAgent(actor: Actor, agentId: string): Promise<void>;
  publishAgent(actor: Actor, agentId: string): Promise<VersionView>;
  rotateWebhookSecret(actor: Actor, agentId: string): Promise<AgentView>;
  execute(actor: Actor, agentId: string, input: ExecuteInput): Promise<RunView>;
  executeWebhook(agentId: string, secret: string, payload: unknown, waitMs?: number): Promise<WebhookRunView>;
  getRun(actor: Actor, runId: string): Promise<RunView>;
  waitForRun(actor: Actor, runId: string, ms: number): Promise<RunView>;
  listRuns(actor: Actor, agentId: string, input?: { limit?: number; cursor?: string }): Promise<RunPage>;
  stopRun(actor: Actor, runId: string): Promise<RunView>;
  retryRun(actor: Actor, runId: string): Promise<RunView>;
  runLogs(
    actor: Actor,
    runId: string,
    input?: { after?: number; limit?: number },
  ): Promise<{ items: LogView[]; status: RunView['status']; lastId: number }>;
  /** The engine's job handlers, for every kind of worker. */
  jobHandlers(): JobHandlers;
  /** Starts the runs of the schedule slots due at `tickAtMs` (what the `workbench.schedules.tick` job does). */
  scheduleTick(tickAtMs: number): Promise<ScheduleTickResult>;
  /** Restarts runs whose start job was lost and fails runs stalled past their deadline (the `workbench.sweep` job). */
  sweepStrandedRuns(): Promise<StrandedRunsSweep>;
  /** The registered node types (for the builder's palette and the API's docs). */
  nodeTypes(): string[];
  /**
   * Identity's account export: the user's agents and runs. (Nothing to delete of its own: an organisation
   * deleted with the account is purged by identity, everything of the workbench's lying under T#<orgId>.)
   */
  exportAccount(context: AccountExportContext): Promise<unknown>;
}

export const defaultWorkbenchSettings: WorkbenchSettings = {
  concurrencyFor: (plan: PlanId) => concurrencyByPlan[plan],
  runLimitsFor: (plan: PlanId): RunLimits => runLimitsByPlan[plan],
  stepClaimMs: 30_000,
  stopPollMs: 200,
  defaultNodeTimeoutMs: 120_000,
  // A start job normally runs within milliseconds; a minute leaves room for a busy queue.
  queuedGraceMs: 60_000,
  queuedGiveUpMs: 30 * 60_000,
  // Past the deadline, a live step job ends the run at its next delivery; a retry waits at most 15 minutes.
  stalledGraceMs: 16 * 60_000,
};

export function createWorkbenchDeps(options: WorkbenchOptions): WorkbenchDeps {
  const clock = options.clock ?? systemClock;
  const executors = new Map<string, NodeExecutor>();
  for (const executor of options.executors) {
    if (executors.has(executor.type)) throw new Error(`Two executors for node type ${executor.type}`);
    executors.set(executor.type, executor);
  }
  return {
    store: options.store,
    queue: options.queue,
    writeAndSend: options.writeAndSend ?? writeThenSend(options.store, options.queue),
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    executors,
    notify: options.notify,
    settings: { ...defaultWorkbenchSettings, ...options.settings },
    aborts: createAbortRegistry(),
    random: options.random ?? Math.random,
  };
}

export function createWorkbench(options: WorkbenchOptions): Workbench {
  const deps = createWorkbenchDeps(options);
  const actorFor = options.actorFor ?? (async () => null);
  return {
    createAgent: (actor, input) => createAgent(deps, actor, input),
    listAgents: (actor, input) => listAgents(deps, actor, input),
    getAgent: (actor, id) => getAgent(deps, actor, id),
    updateAgent: (actor, id, input) => updateAgent(deps, actor, id, input),
    deleteAgent: (actor, id) => deleteAgent(deps, actor, id),
    publishAgent: (actor, id) => publishAgent(deps, actor, id),
    rotateWebhookSecret: (actor, id) => rotateWebhookSecret(deps, actor, id),
    execute: (actor, id, input) => executeAgent(deps, actor, id, input),
    executeWebhook: (agentId, secret, payload, waitMs) =>
      executeWebhook(deps, actorFor, { agentId, secret, payload, waitMs }),
    getRun: (actor, id) => getRun(deps, actor, id),
    waitForRun: (actor, id, ms) => waitForRun(deps, actor, id, ms),
    listRuns: (actor, id, input) => listAgentRuns(deps, actor, id, input),
    stopRun: (actor, id) => stopRun(deps, actor, id),
    retryRun: (actor, id) => retryRun(deps, actor, id),
    runLogs: (actor, id, input) => runLogs(deps, actor, id, input),
    jobHandlers: () => ({
      [startJobType]: (job) => handleStartJob(deps, job.payload as StartJob),
      [stepJobType]: (job) => handleStepJob(deps, job.payload as StepJob, job.firstEnqueuedAt),
      [scheduleTickJobType]: async (job) => {
        await handleScheduleTick(deps, actorFor, job.payload as ScheduleTickJob);
      },
      [sweepJobType]: async () => {
        await sweepStrandedRuns(deps);
      },
    }),
    sweepStrandedRuns: () => sweepStrandedRuns(deps),
    scheduleTick: (tickAtMs) => handleScheduleTick(deps, actorFor, { tickAtMs }),
    nodeTypes: () => [...deps.executors.keys()],
    exportAccount: (context) => exportWorkbenchAccount(deps, context),
  };
}

export { startJobType, stepJobType } from './admission.ts';
export type { AgentPage, CreateAgentInput, UpdateAgentInput } from './agents.ts';
export { starterGraph } from './agents.ts';
export { builtInExecutors, llmExecutor, outputExecutor, triggerExecutor } from './executors/index.ts';
export { type NodeState, planNodes } from './graph-plan.ts';
export { findCycle, maxGraphEdges, maxGraphNodes, validateGraph } from './graph-validation.ts';
export * from './node-executor.ts';
export type { RunLimits, RunStatus } from './records.ts';
export { concurrencyByPlan, runLimitsByPlan } from './run-limits.ts';
export { type ExecuteInput, maxWaitMs, type RunPage, type WebhookRunView } from './runs.ts';
export { type ScheduleTickJob, type ScheduleTickResult, scheduleTickJobType } from './scheduled-runs.ts';
export { type StrandedRunsSweep, sweepJobType } from './stranded-runs.ts';
export { asText, renderTemplate, upstreamOf } from './template.ts';
export type {
  AgentSummaryView,
  AgentView,
  LogView,
  NodeMetrics,
  PlanNodeView,
  RunSummaryView,
  RunView,
  VersionView,
} from './views.ts';
export type { WorkbenchSettings } from './workbench-deps.ts';
