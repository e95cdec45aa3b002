/**
 * The schedule entries an agent's published graph declares: one per `trigger` node whose
 * `data.triggerType` is `scheduled` (or `schedule`) with a valid cron. The engine stores these on
 * publish (and removes them on unpublish or delete) for the scheduler to read.
 */
import type { AgentGraph } from '../node-executor.ts';
import type { ScheduleEntry } from './due-schedules.ts';
import { scheduleTriggerIssues } from './schedule-trigger.ts';

export interface GraphScheduleEntry extends ScheduleEntry {
  /** The trigger node the runs start from (an agent may have several schedule triggers). */
  triggerNodeId: string;
}

export function schedulesInGraph(
  orgId: string,
  agentId: string,
  graph: AgentGraph,
  activeSince: number,
): GraphScheduleEntry[] {
  return graph.nodes.flatMap((node) => {
    const kind = node.data.triggerType;
    if (node.type !== 'trigger' || (kind !== 'scheduled' && kind !== 'schedule')) return [];
    if (scheduleTriggerIssues(node.id, node.data).length > 0) return [];
    const timezone = typeof node.data.timezone === 'string' ? node.data.timezone : 'UTC';
    return [{ orgId, agentId, cron: String(node.data.cron).trim(), timezone, activeSince, triggerNodeId: node.id }];
  });
}
