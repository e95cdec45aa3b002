/**
 * Where a run stands, computed from the graph and its step records alone (no hidden engine state),
 * so any worker can pick up a run after a crash and reach the same conclusion.
 *
 * A node is `ready` when every node feeding it has finished (completed or skipped) and at least one
 * incoming edge is active; it is `skipped` when all feeders finished but no edge into it is active
 * (a condition took the other handle). An edge is active when its source completed and, if the source
 * chose a branch, the edge leaves that branch's handle. So a join waits for all of its inputs.
 * A root (a trigger) is ready only when the run starts from it (`startNodeIds`; null: every root);
 * the others are skipped like a branch not taken, and so is everything reachable only from them.
 */
import type { AgentGraph, GraphEdge } from './node-executor.ts';
import type { StepStatus } from './records.ts';

export type NodeState = 'pending' | 'ready' | 'skipped' | StepStatus;

export interface StepSummary {
  status: StepStatus;
  branch: string | null;
}

export function topologicalOrder(graph: AgentGraph): string[] {
  const indegree = new Map(graph.nodes.map((node) => [node.id, 0]));
  for (const edge of graph.edges) indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  const queue = graph.nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const edge of graph.edges) {
      if (edge.source !== id) continue;
      const left = (indegree.get(edge.target) ?? 0) - 1;
      indegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  return order;
}

export function incomingEdges(graph: AgentGraph, nodeId: string): GraphEdge[] {
  return graph.edges.filter((edge) => edge.target === nodeId);
}

export function planNodes(
  graph: AgentGraph,
  steps: ReadonlyMap<string, StepSummary>,
  startNodeIds?: readonly string[] | null,
): Map<string, NodeState> {
  const states = new Map<string, NodeState>();
  for (const id of topologicalOrder(graph)) {
    const step = steps.get(id);
    if (step) {
      states.set(id, step.status);
      continue;
    }
    const incoming = incomingEdges(graph, id);
    if (incoming.length === 0) {
      states.set(id, !startNodeIds || startNodeIds.includes(id) ? 'ready' : 'skipped');
      continue;
    }
    const feedersDone = incoming.every((edge) => {
      const state = states.get(edge.source);
      return state === 'completed' || state === 'skipped';
    });
    if (!feedersDone) {
      states.set(id, 'pending');
      continue;
    }
    const active = incoming.some((edge) => {
      const source = steps.get(edge.source);
      if (source?.status !== 'completed') return false;
      return source.branch === null || (edge.sourceHandle ?? null) === source.branch;
    });
    states.set(id, active ? 'ready' : 'skipped');
  }
  return states;
}

export function isRunDone(states: ReadonlyMap<string, NodeState>): boolean {
  return [...states.values()].every((state) => state === 'completed' || state === 'skipped');
}

/** The nodes whose outputs are the run's result: `output` nodes, else the graph's sinks. */
export function resultNodeIds(graph: AgentGraph): string[] {
  const outputs = graph.nodes.filter((node) => node.type === 'output').map((node) => node.id);
  if (outputs.length > 0) return outputs;
  const sources = new Set(graph.edges.map((edge) => edge.source));
  return graph.nodes.filter((node) => !sources.has(node.id)).map((node) => node.id);
}

const sequentialGraphs = new WeakMap<AgentGraph, boolean>();

/**
 * True when at most one step of a run of this graph can be ready or running at any time: one root,
 * no node with two inputs (no joins), and no node with two outgoing edges unless they leave distinct
 * handles (a condition follows one). Then a finished step's successors can be decided from the step
 * records read before it ran plus its own result — nothing else can have changed them meanwhile.
 */
export function isSequential(graph: AgentGraph): boolean {
  const known = sequentialGraphs.get(graph);
  if (known !== undefined) return known;
  const incoming = new Map<string, number>();
  const handles = new Map<string, (string | null)[]>();
  for (const edge of graph.edges) {
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    handles.set(edge.source, [...(handles.get(edge.source) ?? []), edge.sourceHandle ?? null]);
  }
  const roots = graph.nodes.filter((node) => !incoming.has(node.id)).length;
  const sequential =
    roots === 1 &&
    [...incoming.values()].every((count) => count <= 1) &&
    [...handles.values()].every((out) => out.length <= 1 || (!out.includes(null) && new Set(out).size === out.length));
  sequentialGraphs.set(graph, sequential);
  return sequential;
}

/** How many edges leave `nodeId`. */
export const outgoingCount = (graph: AgentGraph, nodeId: string) =>
  graph.edges.filter((edge) => edge.source === nodeId).length;
