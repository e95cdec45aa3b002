/**
 * The seam between the workbench engine (runs, steps, queue) and the node types. The engine owns
 * graph traversal, persistence, retries and limits; a node type owns validating its `data` and doing
 * its work once. Executors get everything through `NodeContext` and never touch the store or queue,
 * so a step can be retried or redelivered without the executor knowing.
 */
import type { Actor } from '../shared/actor.ts';

/** React Flow node as saved by the builder: `{ id, type, position, data }`. */
export interface GraphNode {
  id: string;
  type: string;
  position: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** `true` / `false` on a condition node's outgoing edges. */
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export interface AgentGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One problem in a node's configuration, shown next to the field in the builder. */
export interface NodeConfigIssue {
  nodeId: string;
  field: string;
  message: string;
}

export interface NodeLog {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}

export interface NodeContext {
  /** Who started the run, in its organisation (AI limits and budgets apply to this actor). */
  actor: Actor;
  agentId: string;
  runId: string;
  node: GraphNode;
  /** The run's input (trigger payload). */
  input: unknown;
  /** Outputs of finished nodes by node id. */
  nodeOutputs: Readonly<Record<string, unknown>>;
  /**
   * Outputs of the nodes with an active edge into this one, by node id (what `{{input}}` means to
   * the node: the upstream output). Optional so executors written before it still type-check.
   */
  inputs?: Readonly<Record<string, unknown>>;
  variables: Readonly<Record<string, unknown>>;
  /** The agent's host allow-list for network nodes, as it was when the run was created; absent: none. */
  agentAllowedHosts?: readonly string[];
  /** Aborted when the run is stopped or the node times out; pass it to every call. */
  signal: AbortSignal;
  /** Appends to the run's log (streamed to the live view). */
  log(entry: NodeLog): void;
  /** Streams a model's tokens to the run's log as they arrive. */
  token(text: string): void;
}

export interface NodeUsage {
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

export interface NodeResult {
  output: unknown;
  /** Condition nodes: the handle to follow (`true` | `false`); others follow every outgoing edge. */
  branch?: string;
  usage?: NodeUsage;
}

/** Thrown by an executor for failures that a retry may fix (timeouts, 429, 5xx); others are final. */
export class RetryableNodeError extends Error {
  override readonly name = 'RetryableNodeError';
}

export interface NodeExecutor {
  /** The node `type` in the graph, e.g. `http`. */
  type: string;
  /**
   * True when executing has no effect outside the result (no calls out, no spending): the engine
   * then skips the claim before the first attempt, since a duplicate delivery running it again
   * changes nothing, and writes the step once, with its result. Absent: the step is claimed first.
   */
  pure?: boolean;
  /** Checks `node.data` on save; an empty list means valid. */
  validate(node: GraphNode): NodeConfigIssue[];
  execute(context: NodeContext): Promise<NodeResult>;
}
