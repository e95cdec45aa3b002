/** What the workbench returns to callers: records turned into wire views (ISO times, no secrets). */

import type { StoredItem } from '../ports/item-store.ts';
import { isoAt } from '../shared/clock.ts';
import { summaries } from './advance-run.ts';
import { planNodes } from './graph-plan.ts';
import type { AgentGraph } from './node-executor.ts';
import type {
  AgentLimits,
  AgentRecord,
  LogRecord,
  RunError,
  RunLimits,
  RunRecord,
  StepRecord,
  VersionRecord,
} from './records.ts';

const iso = (ms: number | null) => (ms === null ? null : isoAt(ms));

export interface AgentView {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  graph: AgentGraph;
  limits: AgentLimits;
  /** Hosts the agent's `http` nodes may reach; null: only each node's own list. */
  allowedHosts: string[] | null;
  /** Optimistic-locking version of the draft; send it back with PUT. */
  version: number;
  publishedVersion: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Present only in the responses that create or rotate it: it is not stored in readable form. */
  webhookSecret?: string;
}

export type AgentSummaryView = Omit<AgentView, 'graph' | 'webhookSecret'> & { nodeCount: number };

export function agentView(item: StoredItem<AgentRecord>, webhookSecret?: string): AgentView {
  const a = item.data;
  return {
    id: a.id,
    organizationId: a.organizationId,
    name: a.name,
    description: a.description,
    graph: a.graph,
    limits: a.limits,
    allowedHosts: a.allowedHosts ?? null,
    version: item.version,
    publishedVersion: a.publishedVersion,
    createdBy: a.createdBy,
    createdAt: isoAt(a.createdAt),
    updatedAt: isoAt(a.updatedAt),
    ...(webhookSecret ? { webhookSecret } : {}),
  };
}

export function agentSummaryView(item: StoredItem<AgentRecord>): AgentSummaryView {
  const { graph: _graph, webhookSecret: _secret, ...rest } = agentView(item);
  return { ...rest, nodeCount: item.data.graph.nodes.length };
}

export interface VersionView {
  agentId: string;
  version: number;
  graph: AgentGraph;
  publishedBy: string;
  publishedAt: string;
}

export const versionView = (v: VersionRecord): VersionView => ({
  agentId: v.agentId,
  version: v.version,
  graph: v.graph,
  publishedBy: v.publishedBy,
  publishedAt: isoAt(v.publishedAt),
});

export interface NodeMetrics {
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  durationMs: number;
}

export interface PlanNodeView {
  id: string;
  type: string;
  label: string | null;
  status: string;
  attempt: number;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  /** When the step became ready (its job was enqueued) and the executor's own time; see NodeMetrics. */
  queuedAt: string | null;
  executorMs: number | null;
  input: unknown;
  output: unknown;
  tokens: number;
  costMicroUsd: number;
  error: RunError | null;
  reused: boolean;
}

export interface LogView {
  id: number;
  at: string;
  kind: LogRecord['kind'];
  nodeId: string | null;
  level: LogRecord['level'];
  message: string;
  data?: Record<string, unknown>;
}

export const logView = (l: LogRecord): LogView => ({
  id: l.seq,
  at: isoAt(l.at),
  kind: l.kind,
  nodeId: l.nodeId,
  level: l.level,
  message: l.message,
  ...(l.data ? { data: l.data } : {}),
});

export interface RunSummaryView {
  id: string;
  organizationId: string;
  agentId: string;
  agentVersion: number | null;
  userId: string;
  trigger: RunRecord['trigger'];
  status: RunRecord['status'];
  retryOf: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  totals: NodeMetrics;
  errorDetails: RunError | null;
}

export interface RunView extends RunSummaryView {
  input: unknown;
  limits: RunLimits;
  executionPlan: { nodes: PlanNodeView[]; currentNode: string | null; variables: Record<string, unknown> };
  results: {
    outputs: Record<string, unknown> | null;
    logs: LogView[];
    metrics: NodeMetrics & { steps: number; nodes: Record<string, NodeMetrics> };
  };
}

function totalsOf(run: RunRecord): NodeMetrics {
  const end = run.completedAt ?? null;
  return {
    inputTokens: run.inputTokens,
    outputTokens: run.outputTokens,
    tokens: run.inputTokens + run.outputTokens,
    costMicroUsd: run.costMicroUsd,
    durationMs: run.startedAt === null ? 0 : (end ?? Date.now()) - run.startedAt,
  };
}

export function runSummaryView(run: RunRecord): RunSummaryView {
  return {
    id: run.id,
    organizationId: run.organizationId,
    agentId: run.agentId,
    agentVersion: run.agentVersion,
    userId: run.actor.userId,
    trigger: run.trigger,
    status: run.status,
    retryOf: run.retryOf,
    createdAt: isoAt(run.createdAt),
    startedAt: iso(run.startedAt),
    completedAt: iso(run.completedAt),
    totals: totalsOf(run),
    errorDetails: run.error,
  };
}

export function runView(
  run: RunRecord,
  graph: AgentGraph,
  steps: ReadonlyMap<string, StoredItem<StepRecord>>,
  logs: LogRecord[],
): RunView {
  const states = planNodes(graph, summaries(steps), run.startNodeIds);
  const nodeMetrics: Record<string, NodeMetrics> = {};
  const nodes: PlanNodeView[] = graph.nodes.map((node) => {
    const step = steps.get(node.id)?.data;
    const usage = step?.usage ?? null;
    const tokens = usage ? usage.inputTokens + usage.outputTokens : 0;
    if (step) {
      nodeMetrics[node.id] = {
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        tokens,
        costMicroUsd: usage?.costMicroUsd ?? 0,
        durationMs: step.durationMs ?? 0,
      };
    }
    let status: string = states.get(node.id) ?? 'pending';
    // Nodes a finished run never reached are shown as such, not as waiting forever.
    if ((status === 'pending' || status === 'ready') && run.status !== 'running' && run.status !== 'queued')
      status = 'not_run';
    return {
      id: node.id,
      type: node.type,
      label: typeof node.data.label === 'string' ? node.data.label : null,
      status,
      attempt: step?.attempt ?? 0,
      startedAt: step ? isoAt(step.startedAt) : null,
      completedAt: step ? iso(step.completedAt) : null,
      durationMs: step?.durationMs ?? null,
      queuedAt: iso(step?.queuedAt ?? null),
      executorMs: step?.executorMs ?? null,
      input: step?.input ?? null,
      output: step?.output ?? null,
      tokens,
      costMicroUsd: usage?.costMicroUsd ?? 0,
      error: step?.error ?? null,
      reused: step?.reused ?? false,
    };
  });
  const currentNode = nodes.find((node) => node.status === 'running' || node.status === 'waiting_retry')?.id ?? null;
  return {
    ...runSummaryView(run),
    input: run.input,
    limits: run.limits,
    executionPlan: { nodes, currentNode, variables: run.variables },
    results: {
      outputs: run.outputs,
      logs: logs.map(logView),
      metrics: { ...totalsOf(run), steps: run.stepsStarted, nodes: nodeMetrics },
    },
  };
}
