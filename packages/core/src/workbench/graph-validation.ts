/**
 * Checks a graph on save, node by node, and reports every problem at once with the node (or edge) id
 * and the field, so the builder can show each message next to what caused it. Structure first (ids,
 * types, edges, cycles, at least one trigger), then each node type's own `validate`.
 */
import { AppError } from '../shared/errors.ts';
import { loadGraphLibraries } from './graph-libraries.ts';
import type { AgentGraph, GraphEdge, GraphNode, NodeConfigIssue, NodeExecutor } from './node-executor.ts';
import { nodePolicyIssues } from './node-policy.ts';

export const maxGraphNodes = 100;
export const maxGraphEdges = 300;
const idPattern = /^[A-Za-z0-9_.:-]{1,64}$/;
export const conditionHandles: ReadonlySet<string> = new Set(['true', 'false']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Shape checks that turn unknown JSON into a graph; issues use nodeId `graph` for whole-graph problems. */
function parseShape(raw: unknown, issues: NodeConfigIssue[]): AgentGraph | null {
  if (!isObject(raw) || !Array.isArray(raw.nodes) || !Array.isArray(raw.edges)) {
    issues.push({
      nodeId: 'graph',
      field: 'graph',
      message: 'The graph must be an object with nodes and edges arrays',
    });
    return null;
  }
  if (raw.nodes.length > maxGraphNodes) {
    issues.push({ nodeId: 'graph', field: 'nodes', message: `At most ${maxGraphNodes} nodes are allowed` });
    return null;
  }
  if (raw.edges.length > maxGraphEdges) {
    issues.push({ nodeId: 'graph', field: 'edges', message: `At most ${maxGraphEdges} edges are allowed` });
    return null;
  }
  const nodes: GraphNode[] = [];
  for (const [index, node] of (raw.nodes as unknown[]).entries()) {
    const ref = isObject(node) && typeof node.id === 'string' ? node.id : `nodes[${index}]`;
    if (!isObject(node)) {
      issues.push({ nodeId: ref, field: 'node', message: 'A node must be an object' });
      continue;
    }
    if (typeof node.id !== 'string' || !idPattern.test(node.id)) {
      issues.push({ nodeId: ref, field: 'id', message: 'id must be 1 to 64 letters, digits, or . _ : -' });
      continue;
    }
    if (typeof node.type !== 'string' || node.type === '') {
      issues.push({ nodeId: ref, field: 'type', message: 'type is required' });
      continue;
    }
    const position = node.position;
    if (!isObject(position) || !Number.isFinite(position.x) || !Number.isFinite(position.y)) {
      issues.push({ nodeId: ref, field: 'position', message: 'position must be {x, y} numbers' });
      continue;
    }
    const data = node.data ?? {};
    if (!isObject(data)) {
      issues.push({ nodeId: ref, field: 'data', message: 'data must be an object' });
      continue;
    }
    nodes.push({ id: node.id, type: node.type, position: { x: Number(position.x), y: Number(position.y) }, data });
  }
  const edges: GraphEdge[] = [];
  for (const [index, edge] of (raw.edges as unknown[]).entries()) {
    const ref = isObject(edge) && typeof edge.id === 'string' ? edge.id : `edges[${index}]`;
    if (!isObject(edge) || typeof edge.id !== 'string' || !idPattern.test(edge.id)) {
      issues.push({ nodeId: ref, field: 'id', message: 'An edge needs an id of 1 to 64 letters, digits, or . _ : -' });
      continue;
    }
    if (typeof edge.source !== 'string' || typeof edge.target !== 'string') {
      issues.push({ nodeId: ref, field: 'source', message: 'An edge needs source and target node ids' });
      continue;
    }
    const handle = (value: unknown) => (typeof value === 'string' ? value : null);
    edges.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: handle(edge.sourceHandle),
      targetHandle: handle(edge.targetHandle),
    });
  }
  return { nodes, edges };
}

function structureIssues(graph: AgentGraph, executors: ReadonlyMap<string, NodeExecutor>): NodeConfigIssue[] {
  const issues: NodeConfigIssue[] = [];
  const byId = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (byId.has(node.id)) issues.push({ nodeId: node.id, field: 'id', message: 'Another node has the same id' });
    byId.set(node.id, node);
    if (!executors.has(node.type)) {
      issues.push({
        nodeId: node.id,
        field: 'type',
        message: `Unknown node type ${node.type}; known: ${[...executors.keys()].join(', ')}`,
      });
    }
  }
  const triggers = graph.nodes.filter((node) => node.type === 'trigger');
  // Several triggers are allowed (say a webhook and a schedule): each event starts those of its kind (run-triggers.ts).
  if (triggers.length === 0) {
    issues.push({ nodeId: 'graph', field: 'type', message: 'A graph needs a trigger node' });
  }
  const edgeIds = new Set<string>();
  const incoming = new Map<string, number>();
  const pairs = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) issues.push({ nodeId: edge.id, field: 'id', message: 'Another edge has the same id' });
    edgeIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) issues.push({ nodeId: edge.id, field: 'source', message: `No node ${edge.source}` });
    if (!target) issues.push({ nodeId: edge.id, field: 'target', message: `No node ${edge.target}` });
    if (!source || !target) continue;
    const pair = `${edge.source}\u0000${edge.target}\u0000${edge.sourceHandle ?? ''}`;
    if (pairs.has(pair)) issues.push({ nodeId: edge.id, field: 'target', message: 'The same connection exists twice' });
    pairs.add(pair);
    if (target.type === 'trigger') {
      issues.push({ nodeId: edge.id, field: 'target', message: 'Nothing may connect into the trigger' });
    }
    if (source.type === 'condition' && !conditionHandles.has(edge.sourceHandle ?? '')) {
      issues.push({
        nodeId: edge.id,
        field: 'sourceHandle',
        message: `An edge leaving condition ${source.id} must start at its true or false handle`,
      });
    }
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  }
  for (const node of graph.nodes) {
    if (node.type !== 'trigger' && !incoming.has(node.id)) {
      issues.push({ nodeId: node.id, field: 'input', message: 'The node is not connected: nothing leads into it' });
    }
  }
  const cycle = findCycle(graph);
  if (cycle) issues.push({ nodeId: cycle[0] ?? 'graph', field: 'edges', message: `Cycle: ${cycle.join(' → ')}` });
  return issues;
}

/** A cycle as a list of node ids (first repeated at the end), or null. Iterative DFS, so depth is no issue. */
export function findCycle(graph: AgentGraph): string[] | null {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of graph.nodes) {
    if (state.has(start.id)) continue;
    const stack: { id: string; index: number }[] = [{ id: start.id, index: 0 }];
    state.set(start.id, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; index: number };
      const targets = next.get(top.id) ?? [];
      if (top.index >= targets.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const target = targets[top.index++] as string;
      const seen = state.get(target);
      if (seen === 'open') {
        const from = stack.findIndex((frame) => frame.id === target);
        return [...stack.slice(from).map((frame) => frame.id), target];
      }
      if (!seen) {
        state.set(target, 'open');
        stack.push({ id: target, index: 0 });
      }
    }
  }
  return null;
}

/**
 * Returns the graph in canonical form, or throws invalid_input with `details.issues`. Asynchronous
 * only to load the libraries the executors' synchronous checks use (graph-libraries.ts).
 */
export async function validateGraph(raw: unknown, executors: ReadonlyMap<string, NodeExecutor>): Promise<AgentGraph> {
  await loadGraphLibraries();
  const issues: NodeConfigIssue[] = [];
  const graph = parseShape(raw, issues);
  if (graph && issues.length === 0) {
    issues.push(...structureIssues(graph, executors));
    for (const node of graph.nodes) {
      const executor = executors.get(node.type);
      issues.push(...nodePolicyIssues(node));
      if (executor) issues.push(...executor.validate(node));
    }
  }
  if (issues.length > 0 || !graph) {
    throw AppError.invalidInput(`The graph has ${issues.length} problem(s): ${issues[0]?.message ?? ''}`, {
      field: 'graph',
      issues,
    });
  }
  return graph;
}
