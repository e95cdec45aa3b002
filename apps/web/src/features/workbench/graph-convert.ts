/**
 * The agent graph between the API (`{nodes, edges}` as saved) and the React Flow canvas, which adds its
 * own runtime fields (selection, measured size, dragging) that must never be saved. Also the ids of new
 * nodes and edges and which connections the builder accepts.
 */
import type { AgentGraph } from '@diatonic/api-schemas';
import type { Edge, Node } from '@xyflow/react';
import { nodeTitle, nodeTypeSpec } from './node-types.ts';

export type FlowNode = Node<Record<string, unknown>>;
export type FlowEdge = Edge;

/** The accessible name of a node on the canvas: its type and label ("LLM node: Summarise"). */
export function nodeAccessibleName(type: string, data: Record<string, unknown>, id: string): string {
  const label = typeof data.label === 'string' && data.label.trim() !== '' ? data.label : id;
  return `${nodeTitle(type)} node: ${label}`;
}

export function edgeLabel(sourceHandle: string | null | undefined): string | undefined {
  return sourceHandle === 'true' || sourceHandle === 'false' ? sourceHandle : undefined;
}

export function toFlowNode(node: AgentGraph['nodes'][number]): FlowNode {
  return {
    id: node.id,
    type: node.type,
    position: { x: node.position.x, y: node.position.y },
    data: { ...node.data },
    ariaLabel: nodeAccessibleName(node.type, node.data, node.id),
  };
}

export function toFlowEdge(edge: AgentGraph['edges'][number]): FlowEdge {
  const label = edgeLabel(edge.sourceHandle);
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}),
    ...(edge.targetHandle ? { targetHandle: edge.targetHandle } : {}),
    ...(label ? { label, ariaLabel: `Edge from ${edge.source} (${label}) to ${edge.target}` } : {}),
  };
}

export function toFlow(graph: AgentGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

/** The graph to save: only the API's fields, positions rounded to whole pixels. */
export function toApiGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): AgentGraph {
  return {
    nodes: nodes.map((node) => ({
      id: node.id,
      type: node.type ?? 'unknown',
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      data: node.data,
    })),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}),
      ...(edge.targetHandle ? { targetHandle: edge.targetHandle } : {}),
    })),
  };
}

/** `llm-2`: the type and the lowest free number, within the API's id pattern. */
export function newNodeId(type: string, existing: Iterable<string>): string {
  const taken = new Set(existing);
  for (let n = 1; ; n++) {
    const id = `${type}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(source: string, target: string, sourceHandle: string | null, existing: Iterable<string>) {
  const base = `e-${source}-${sourceHandle ? `${sourceHandle}-` : ''}${target}`.slice(0, 60);
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface ConnectionRequest {
  source: string;
  target: string;
  sourceHandle: string | null;
}

/** Why a connection is refused, or null when the builder accepts it. */
export function connectionProblem(
  connection: ConnectionRequest,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): string | null {
  const source = nodes.find((node) => node.id === connection.source);
  const target = nodes.find((node) => node.id === connection.target);
  if (!source || !target) return 'Choose two nodes';
  if (source.id === target.id) return 'A node cannot connect to itself';
  if (!nodeTypeSpec(target.type ?? '')?.hasInput) return 'Nothing may connect into the trigger';
  const handles = nodeTypeSpec(source.type ?? '')?.sourceHandles ?? [];
  if (handles.length === 0) return 'An output node has no outgoing connections';
  if (!handles.includes(connection.sourceHandle)) {
    return source.type === 'condition' ? 'Connect from the true or false branch' : 'This node has one output';
  }
  const same = edges.some(
    (edge) =>
      edge.source === connection.source &&
      edge.target === connection.target &&
      (edge.sourceHandle ?? null) === connection.sourceHandle,
  );
  if (same) return 'These nodes are already connected';
  if (reaches(edges, connection.target, connection.source)) return 'This connection would make a cycle';
  return null;
}

/** Whether `to` is reachable from `from` along the edges. */
function reaches(edges: readonly FlowEdge[], from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of edges) if (edge.source === id) stack.push(edge.target);
  }
  return false;
}

export function edgeFor(connection: ConnectionRequest, edges: readonly FlowEdge[]): FlowEdge {
  return toFlowEdge({
    id: newEdgeId(
      connection.source,
      connection.target,
      connection.sourceHandle,
      edges.map((edge) => edge.id),
    ),
    source: connection.source,
    target: connection.target,
    sourceHandle: connection.sourceHandle,
  });
}
