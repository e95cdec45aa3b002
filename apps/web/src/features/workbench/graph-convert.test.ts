import type { AgentGraph } from '@diatonic/api-schemas';
import { describe, expect, it } from 'vitest';
import {
  connectionProblem,
  edgeFor,
  type FlowEdge,
  type FlowNode,
  newEdgeId,
  newNodeId,
  toApiGraph,
  toFlow,
} from './graph-convert.ts';

const graph: AgentGraph = {
  nodes: [
    { id: '1', type: 'trigger', position: { x: 250, y: 25 }, data: { label: 'Start', triggerType: 'manual' } },
    { id: '2', type: 'llm', position: { x: 250, y: 150 }, data: { label: 'Ask', prompt: '{{input}}' } },
    { id: 'c', type: 'condition', position: { x: 250, y: 275 }, data: { expression: 'true' } },
    { id: '3', type: 'output', position: { x: 250, y: 400 }, data: { outputFormat: 'text' } },
  ],
  edges: [
    { id: 'e1', source: '1', target: '2' },
    { id: 'e2', source: '2', target: 'c' },
    { id: 'e3', source: 'c', target: '3', sourceHandle: 'true' },
  ],
};

describe('graph conversion', () => {
  it('gives canvas nodes accessible names and condition edges their branch label', () => {
    const flow = toFlow(graph);
    expect(flow.nodes.map((node) => node.ariaLabel)).toEqual([
      'Trigger node: Start',
      'LLM node: Ask',
      'Condition node: c',
      'Output node: 3',
    ]);
    expect(flow.edges[2]).toMatchObject({ sourceHandle: 'true', label: 'true' });
    expect(flow.edges[0]?.label).toBeUndefined();
  });

  it('round-trips to the API graph without the canvas runtime fields, positions rounded', () => {
    const flow = toFlow(graph);
    const touched: FlowNode[] = flow.nodes.map((node, index) => ({
      ...node,
      selected: index === 1,
      dragging: false,
      measured: { width: 180, height: 60 },
      position: { x: node.position.x + 0.4, y: node.position.y - 0.4 },
    }));
    const edges: FlowEdge[] = flow.edges.map((edge) => ({ ...edge, selected: true, animated: true }));
    expect(toApiGraph(touched, edges)).toEqual(graph);
  });

  it('names new nodes and edges with free ids in the API pattern', () => {
    expect(newNodeId('llm', ['1', 'llm-1', 'llm-3'])).toBe('llm-2');
    expect(newNodeId('http', [])).toBe('http-1');
    expect(newEdgeId('c', '3', 'false', [])).toBe('e-c-false-3');
    expect(newEdgeId('1', '2', null, ['e-1-2', 'e-1-2-2'])).toBe('e-1-2-3');
    const id = newEdgeId('x'.repeat(64), 'y'.repeat(64), null, []);
    expect(id).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
  });

  it('refuses connections the engine would refuse, and accepts the rest', () => {
    const { nodes, edges } = toFlow(graph);
    const problem = (source: string, target: string, sourceHandle: string | null = null) =>
      connectionProblem({ source, target, sourceHandle }, nodes, edges);
    expect(problem('2', '2')).toBe('A node cannot connect to itself');
    expect(problem('2', '1')).toBe('Nothing may connect into the trigger');
    expect(problem('3', '2')).toBe('An output node has no outgoing connections');
    expect(problem('c', '2')).toBe('Connect from the true or false branch');
    expect(problem('c', '3', 'true')).toBe('These nodes are already connected');
    expect(problem('c', '2', 'false')).toBe('This connection would make a cycle');
    expect(problem('1', '3', 'true')).toBe('This node has one output');
    expect(problem('1', '3')).toBeNull();
    expect(problem('1', 'nope')).toBe('Choose two nodes');
    expect(edgeFor({ source: 'c', target: '3', sourceHandle: 'false' }, edges)).toMatchObject({
      id: 'e-c-false-3',
      sourceHandle: 'false',
      label: 'false',
    });
  });
});
