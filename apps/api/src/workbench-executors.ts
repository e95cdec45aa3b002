/**
 * Every node type the workbench can run, as one list: the engine validates graphs and executes nodes
 * with exactly these. A new node type is registered by adding its executor here.
 */
import { createHttpNodeExecutor } from '@diatonic/adapters/http-node';
import { type AiGateway, builtInExecutors, type NodeExecutor } from '@diatonic/core';
import { createConditionNodeExecutor, createTransformNodeExecutor } from '@diatonic/core/workbench/nodes';

export interface ExecutorDeps {
  ai: AiGateway;
}

export function workbenchExecutors({ ai }: ExecutorDeps): NodeExecutor[] {
  return [
    ...builtInExecutors({ ai }),
    createTransformNodeExecutor(),
    createConditionNodeExecutor(),
    // The SSRF guard checks the address actually connected to; the node's own allowedHosts apply,
    // and the agent's (a setting, kept on each run) too.
    createHttpNodeExecutor({ agentAllowedHosts: (context) => context.agentAllowedHosts }),
  ];
}
