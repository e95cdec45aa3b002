/** Builds a NodeContext for executor tests (exported through nodes/index.ts for the adapters' tests). */
import type { GraphNode, NodeContext, NodeLog } from '../node-executor.ts';

export interface TestNodeContext extends NodeContext {
  logs: NodeLog[];
}

export function testNode(type: string, data: Record<string, unknown>, id = `${type}_1`): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, data };
}

export function testNodeContext(node: GraphNode, overrides: Partial<NodeContext> = {}): TestNodeContext {
  const logs: NodeLog[] = [];
  return {
    actor: { userId: 'usr_test', orgId: 'org_test', role: 'owner', plan: 'free' },
    agentId: 'agt_test',
    runId: 'run_test',
    node,
    input: null,
    nodeOutputs: {},
    variables: {},
    signal: new AbortController().signal,
    log: (entry) => logs.push(entry),
    token: () => {},
    ...overrides,
    logs,
  };
}
