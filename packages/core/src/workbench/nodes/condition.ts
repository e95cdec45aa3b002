/**
 * `condition` node: `data.expression` is JSONata over `{input, nodes, vars}`; the result's truthiness
 * (JSONata's `$boolean` rules: empty string, 0, null, empty list or object and "nothing matched" are
 * false) picks the outgoing handle `true` or `false`. The node passes its upstream value through as
 * its output (as n8n's IF does), so the nodes after either branch work on the data, not on a boolean;
 * the decision itself is the step's `branch` and a log line.
 */
import type { NodeExecutor } from '../node-executor.ts';
import { upstreamOf } from '../template.ts';
import { type ExpressionNodeOptions, evaluateNodeExpression, expressionIssues } from './expression-node.ts';
import { jsonataTruthy } from './jsonata-expression.ts';

export function createConditionNodeExecutor(options: ExpressionNodeOptions = {}): NodeExecutor {
  return {
    type: 'condition',
    pure: true,
    validate: expressionIssues,
    async execute(context) {
      const passed = jsonataTruthy(await evaluateNodeExpression(context, options));
      context.log({ level: 'info', message: `Condition is ${passed}: following the ${passed} branch` });
      return { output: upstreamOf(context) ?? null, branch: passed ? 'true' : 'false' };
    },
  };
}
