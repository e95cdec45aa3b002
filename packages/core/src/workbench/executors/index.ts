/**
 * The node types the engine knows, as one list. A new node type plugs in by adding its executor here
 * (or to the list the composition root passes to `createWorkbench`).
 */
import type { AiGateway } from '../../ai/index.ts';
import type { NodeExecutor } from '../node-executor.ts';
import { llmExecutor } from './llm.ts';
import { outputExecutor } from './output.ts';
import { triggerExecutor } from './trigger.ts';

export interface BuiltInExecutorOptions {
  ai: Pick<AiGateway, 'stream'>;
  defaultModel?: string;
}

export function builtInExecutors({ ai, defaultModel = 'offline' }: BuiltInExecutorOptions): NodeExecutor[] {
  return [triggerExecutor, llmExecutor({ ai, defaultModel }), outputExecutor];
}

export { llmExecutor, outputExecutor, triggerExecutor };
