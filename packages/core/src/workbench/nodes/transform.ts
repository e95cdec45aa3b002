/**
 * `transform` node: `data.expression` is JSONata over `{input, nodes, vars}`; its result (JSON, `null`
 * when nothing matched) is the node's output. Errors are final (a retry would compute the same thing).
 */
import type { NodeExecutor } from '../node-executor.ts';
import { type ExpressionNodeOptions, evaluateNodeExpression, expressionIssues } from './expression-node.ts';

export function createTransformNodeExecutor(options: ExpressionNodeOptions = {}): NodeExecutor {
  return {
    type: 'transform',
    pure: true,
    validate: expressionIssues,
    async execute(context) {
      return { output: await evaluateNodeExpression(context, options) };
    },
  };
}
