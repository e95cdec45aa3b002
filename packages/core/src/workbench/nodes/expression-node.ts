/** What `transform` and `condition` share: the `expression` field, its validation and its evaluation. */
import type { GraphNode, NodeConfigIssue, NodeContext } from '../node-executor.ts';
import { checkExpression, type ExpressionLimits, evaluateExpression } from './jsonata-expression.ts';

export interface ExpressionNodeOptions {
  /** Overrides of the evaluation limits (defaults: 1 s, 100 000-byte result; see jsonata-expression.ts). */
  limits?: Partial<ExpressionLimits>;
}

export function expressionIssues(node: GraphNode): NodeConfigIssue[] {
  const source = node.data.expression;
  if (typeof source !== 'string') {
    return [{ nodeId: node.id, field: 'expression', message: 'Enter a JSONata expression' }];
  }
  const checked = checkExpression(source);
  if (checked.ok) return [];
  return [{ nodeId: node.id, field: 'expression', message: checked.message }];
}

export function evaluateNodeExpression(context: NodeContext, options: ExpressionNodeOptions): Promise<unknown> {
  const source = context.node.data.expression;
  if (typeof source !== 'string') throw new Error(`Node ${context.node.id} has no expression`);
  return evaluateExpression(
    source,
    { input: context.input, inputs: context.inputs, nodeOutputs: context.nodeOutputs, variables: context.variables },
    { signal: context.signal, limits: options.limits },
  );
}
