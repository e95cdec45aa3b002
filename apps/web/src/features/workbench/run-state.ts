/**
 * A run as the live view shows it: each node's state (queued, running, completed, failed, skipped,
 * stopped), the model text streamed so far, and tokens, cost and duration per node. Two sources feed it:
 * the run (polled; authoritative for outputs and metrics) and its log (streamed; node events and tokens
 * arrive first). A node never moves back to an earlier state because one source is behind the other.
 */
import type { Run, RunLog } from '@diatonic/api-schemas';

export type NodeState = 'queued' | 'running' | 'retrying' | 'completed' | 'failed' | 'skipped' | 'stopped';

const rank: Record<NodeState, number> = {
  queued: 0,
  running: 1,
  retrying: 1,
  completed: 2,
  failed: 2,
  skipped: 2,
  stopped: 2,
};

type PlanNode = Run['executionPlan']['nodes'][number];

/** The engine's step status (pending, ready, running, waiting_retry, completed, failed, skipped, not_run) as shown. */
export function stateOfPlanNode(node: Pick<PlanNode, 'status' | 'error'>, runStatus: Run['status']): NodeState {
  switch (node.status) {
    case 'running':
      return runStatus === 'stopped' ? 'stopped' : 'running';
    case 'waiting_retry':
      return runStatus === 'stopped' ? 'stopped' : 'retrying';
    case 'completed':
      return 'completed';
    case 'failed':
      return node.error?.code === 'stopped' ? 'stopped' : 'failed';
    case 'skipped':
      return 'skipped';
    case 'not_run':
      return runStatus === 'stopped' ? 'stopped' : 'skipped';
    default:
      return runStatus === 'stopped' ? 'stopped' : 'queued';
  }
}

/** A node event's `data.status` as a state (null for entries that are not node events). */
export function stateOfLogEntry(entry: RunLog): NodeState | null {
  if (entry.kind !== 'node' || entry.nodeId === null) return null;
  const status = entry.data?.status;
  if (status === 'running') return 'running';
  if (status === 'waiting_retry') return 'retrying';
  if (status === 'completed') return 'completed';
  if (status === 'failed') return entry.data?.code === 'stopped' ? 'stopped' : 'failed';
  if (status === 'skipped') return 'skipped';
  return null;
}

export interface LiveLog {
  entries: RunLog[];
  /** node id → latest state seen in the log. */
  states: Record<string, NodeState>;
  /** node id → streamed model text. */
  tokens: Record<string, string>;
}

export const emptyLiveLog: LiveLog = { entries: [], states: {}, tokens: {} };

/** Adds log entries (already de-duplicated by id upstream; repeated ids are ignored here too). */
export function applyLogEntries(live: LiveLog, entries: readonly RunLog[]): LiveLog {
  const lastId = live.entries.at(-1)?.id ?? 0;
  const fresh = entries.filter((entry) => entry.id > lastId);
  if (fresh.length === 0) return live;
  const states = { ...live.states };
  const tokens = { ...live.tokens };
  for (const entry of fresh) {
    if (entry.kind === 'token' && entry.nodeId !== null) {
      tokens[entry.nodeId] = (tokens[entry.nodeId] ?? '') + entry.message;
      continue;
    }
    const state = stateOfLogEntry(entry);
    if (state && entry.nodeId !== null) {
      const before = states[entry.nodeId];
      // A retry starts the node again: running after retrying is forward; otherwise only forward.
      if (!before || rank[state] >= rank[before]) states[entry.nodeId] = state;
    }
  }
  return { entries: [...live.entries, ...fresh].slice(-2_000), states, tokens };
}

export interface NodeView {
  id: string;
  type: string;
  label: string;
  state: NodeState;
  tokens: number;
  costMicroUsd: number;
  durationMs: number | null;
  /** The streamed model text while it runs; the stored output afterwards (as text). */
  text: string | null;
  output: unknown;
  error: { code: string; message: string } | null;
}

export function nodeViews(run: Run | null, live: LiveLog): NodeView[] {
  if (!run) return [];
  return run.executionPlan.nodes.map((node) => {
    const fromRun = stateOfPlanNode(node, run.status);
    const fromLog = live.states[node.id];
    let state = fromLog && rank[fromLog] > rank[fromRun] ? fromLog : fromRun;
    // A stopped run: whatever had not finished is stopped, even if the poll saw it running.
    if (run.status === 'stopped' && rank[state] < 2) state = 'stopped';
    const streamed = live.tokens[node.id] ?? null;
    const stored = node.output === null || node.output === undefined ? null : node.output;
    return {
      id: node.id,
      type: node.type,
      label: node.label ?? node.id,
      state,
      tokens: node.tokens,
      costMicroUsd: node.costMicroUsd,
      durationMs: node.durationMs,
      text: stored !== null ? asText(stored) : streamed,
      output: stored,
      error: node.error,
    };
  });
}

export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? '';
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
