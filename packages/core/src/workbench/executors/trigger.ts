/**
 * `trigger`: where a run starts. Manual and webhook runs pass their payload through as the node's
 * output; `scheduled` triggers carry a cron expression and a time zone, checked on save as the
 * scheduler reads them (schedule/), and their runs get `{scheduledAt}` as input.
 */
import type { NodeConfigIssue, NodeExecutor } from '../node-executor.ts';
import { scheduleTriggerIssues } from '../schedule/schedule-trigger.ts';

export const triggerTypes = ['manual', 'webhook', 'scheduled', 'schedule'] as const;

export const triggerExecutor: NodeExecutor = {
  type: 'trigger',
  pure: true,
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
    if (triggerType === 'scheduled' || triggerType === 'schedule') {
      if (typeof cron !== 'string' || cron.trim() === '') {
        issues.push({ nodeId: node.id, field: 'cron', message: 'A scheduled trigger needs a cron expression' });
      } else {
        // The cron text and the time zone, as the scheduler will read them.
        issues.push(...scheduleTriggerIssues(node.id, node.data));
      }
    }
    return issues;
  },
  async execute(context) {
    return { output: context.input ?? null };
  },
};
