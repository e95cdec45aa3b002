/**
 * `trigger`: where a run starts. Manual and webhook runs pass their payload through as the node's
 * output; `scheduled` triggers carry a cron expression the scheduler reads (the schedule executor's
 * module validates the expression itself when it is registered).
 */
import type { NodeConfigIssue, NodeExecutor } from '../node-executor.ts';

export const triggerTypes = ['manual', 'webhook', 'scheduled', 'schedule'] as const;

export const triggerExecutor: NodeExecutor = {
  type: 'trigger',
  validate(node) {
    const issues: NodeConfigIssue[] = [];
    const { triggerType, cron } = node.data;
    if (triggerType !== undefined && !(triggerTypes as readonly unknown[]).includes(triggerType)) {
      issues.push({
        nodeId: node.id,
        field: 'triggerType',
        message: 'triggerType must be manual, webhook or scheduled',
      });
    }
    if (
      (triggerType === 'scheduled' || triggerType === 'schedule') &&
      (typeof cron !== 'string' || cron.trim() === '')
    ) {
      issues.push({ nodeId: node.id, field: 'cron', message: 'A scheduled trigger needs a cron expression' });
    }
    return issues;
  },
  async execute(context) {
    return { output: context.input ?? null };
  },
};
