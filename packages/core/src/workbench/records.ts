/** What the workbench stores, item by item (keys in keys.ts). */
import type { Actor } from '../shared/actor.ts';
import type { AgentGraph, NodeUsage } from './node-executor.ts';

export interface RunLimits {
  maxSteps: number;
  maxDurationMs: number;
  /** Input + output tokens of every model call of the run; null = no run budget (the gateway's limits still apply). */
  maxTokens: number | null;
  maxCostMicroUsd: number | null;
}

export type AgentLimits = { [K in keyof RunLimits]?: number };

export interface AgentRecord {
  [key: string]: unknown;
  id: string;
  organizationId: string;
  name: string;
  description: string;
  graph: AgentGraph;
  limits: AgentLimits;
  /** Hosts the agent's `http` nodes may reach (allowed-hosts.ts); null or absent: only the nodes' own lists. */
  allowedHosts?: string[] | null;
  /** SHA-256 (hex) of the webhook secret; the secret itself is shown once, on creation and rotation. */
  webhookSecretHash: string;
  publishedVersion: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface VersionRecord {
  [key: string]: unknown;
  agentId: string;
  version: number;
  graph: AgentGraph;
  publishedBy: string;
  publishedAt: number;
}

export const runStatuses = ['queued', 'running', 'completed', 'failed', 'stopped'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const terminalStatuses: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'stopped']);

export interface RunError {
  code: string;
  message: string;
  nodeId?: string;
}

export interface RunRecord {
  [key: string]: unknown;
  id: string;
  organizationId: string;
  agentId: string;
  /** The published version the run executes, or null for a draft snapshot (kept in the run's GRAPH item). */
  agentVersion: number | null;
  /** For a draft run: the run whose GRAPH item holds the snapshot (itself, or the run a retry repeats). */
  graphRunId: string | null;
  /** Who started it, as they were then: the engine acts for them (AI limits, budgets, permissions). */
  actor: Actor;
  trigger: 'manual' | 'webhook' | 'retry' | 'schedule';
  /**
   * The trigger nodes this run starts from (run-triggers.ts): those of its event's kind. The graph's
   * other triggers, and nodes reachable only from them, are skipped. Absent on older runs: every root.
   */
  startNodeIds?: string[] | null;
  status: RunStatus;
  input: unknown;
  variables: Record<string, unknown>;
  limits: RunLimits;
  /** The agent's host allow-list when the run was created (null: none). */
  allowedHosts?: string[] | null;
  /** Retry: the run whose completed steps this one reuses. */
  retryOf: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  /** Counters, by atomic adds. */
  stepsStarted: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  outputs: Record<string, unknown> | null;
  error: RunError | null;
}

export type StepStatus = 'running' | 'waiting_retry' | 'completed' | 'failed';

export interface StepRecord {
  [key: string]: unknown;
  nodeId: string;
  status: StepStatus;
  /** Attempts started so far (1 on the first). */
  attempt: number;
  /** Which worker holds the step while it runs, and until when (a crashed worker's claim expires). */
  claim: string | null;
  claimUntil: number;
  input: Record<string, unknown> | null;
  output: unknown;
  branch: string | null;
  usage: NodeUsage | null;
  startedAt: number;
  completedAt: number | null;
  durationMs: number | null;
  /**
   * When the step's job was enqueued (the step became ready) and how long the executor itself ran:
   * with the successor's `queuedAt` (or the run's end) they give the engine's own overhead per step.
   */
  queuedAt?: number | null;
  executorMs?: number | null;
  error: RunError | null;
  /** Copied from an earlier run by a retry (not executed again). */
  reused: boolean;
}

export interface LogRecord {
  [key: string]: unknown;
  seq: number;
  at: number;
  kind: 'log' | 'token' | 'node' | 'run';
  nodeId: string | null;
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}
