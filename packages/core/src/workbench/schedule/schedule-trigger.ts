/**
 * Save-time checks of a schedule trigger's fields. The engine owns the `trigger` executor; it calls
 * this for a trigger whose `data.triggerType` is `scheduled` (or `schedule`). Fields: `cron`
 * (required), `timezone` (IANA name, optional, default UTC).
 */
import type { NodeConfigIssue } from '../node-executor.ts';
import { cronProblem, timezoneProblem } from './cron.ts';

export function scheduleTriggerIssues(nodeId: string, data: Record<string, unknown>): NodeConfigIssue[] {
  const issues: NodeConfigIssue[] = [];
  const timezone = data.timezone ?? 'UTC';
  if (typeof timezone !== 'string') {
    issues.push({ nodeId, field: 'timezone', message: 'The time zone must be text such as Europe/Berlin' });
  } else {
    const problem = timezoneProblem(timezone);
    if (problem) issues.push({ nodeId, field: 'timezone', message: problem });
  }
  if (typeof data.cron !== 'string') {
    issues.push({ nodeId, field: 'cron', message: 'Enter a cron expression such as "0 9 * * 1-5"' });
    return issues;
  }
  // A bad time zone is reported on its own field; check the cron text against UTC then.
  const zone = typeof timezone === 'string' && !timezoneProblem(timezone) ? timezone : 'UTC';
  const problem = cronProblem(data.cron, zone);
  if (problem) issues.push({ nodeId, field: 'cron', message: problem });
  return issues;
}
