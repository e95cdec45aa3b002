/**
 * `condition` node: `data.expression` is JSONata over `{input, nodes, vars}`; the result's truthiness
 * (JSONata's `$boolean` rules: empty string, 0, null, empty list or object and "nothing matched" are
 * false) picks the outgoing handle `true` or `false`. The output is that boolean.
 */
import type { NodeExecutor } from '../node-executor.ts';
import { type ExpressionNodeOptions, evaluateNodeExpression, expressionIssues } from './expression-node.ts';
import { jsonataTruthy } from './jsonata-expression.ts';

export function createConditionNodeExecutor(options: ExpressionNodeOptions = {}): NodeExecutor {
  return {
    type: 'condition',
    validate: expressionIssues,
    async execute(context) {
      const passed = jsonataTruthy(await evaluateNodeExpression(context, options));
      return { output: passed, branch: passed ? 'true' : 'false' };
    },
  };
}
