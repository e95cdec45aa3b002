/**
 * Every node type the workbench can run, as one list: the engine validates graphs and executes nodes
 * with exactly these. A new node type is registered by adding its executor here.
 */
import { type AiGateway, builtInExecutors, type NodeExecutor } from '@diatonic/core';

export interface ExecutorDeps {
  ai: AiGateway;
}

export function workbenchExecutors({ ai }: ExecutorDeps): NodeExecutor[] {
  return [...builtInExecutors({ ai })];
}
