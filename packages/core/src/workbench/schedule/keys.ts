/**
 * Item keys the schedule trigger writes. Tenant-owned: the partition starts with T#<orgId>.
 *
 *   T#<orgId>#WB_SLOT / <agentId>#<slot time, ISO UTC>[#<triggerNodeId>]    marker: this schedule slot was started
 *
 * The sort key is the slot key `agentId#slotTime`, followed by the schedule trigger's node id when
 * the scheduler knows it (an agent's two schedule triggers due in the same minute start a run each). Claiming a slot is a put with `notExists`, so of
 * two schedulers (two Node servers, or the Node server and the scheduled Lambda) that see the same
 * slot due, exactly one write succeeds and only that one starts the run. The marker expires after the
 * retention (TTL), long after the slot could be due again.
 */
import type { ItemKey } from '../../ports/item-store.ts';

export const scheduleSlotPartition = (orgId: string) => `T#${orgId}#WB_SLOT`;

export const scheduleSlotKey = (agentId: string, slotTime: Date, triggerNodeId?: string) =>
  `${agentId}#${slotTime.toISOString()}${triggerNodeId ? `#${triggerNodeId}` : ''}`;

export const scheduleSlotItemKey = (
  orgId: string,
  agentId: string,
  slotTime: Date,
  triggerNodeId?: string,
): ItemKey => ({
  pk: scheduleSlotPartition(orgId),
  sk: scheduleSlotKey(agentId, slotTime, triggerNodeId),
});

/**
 * The schedules of an agent's published version, one item per schedule trigger, beside its versions:
 *
 *   T#<orgId>#AGENT#<agentId> / SCHED#<triggerNodeId>     the entry (cron, time zone, activeSince)
 *     gsi1: WB#SCHEDULES / <orgId>#<agentId>#<nodeId>     the scheduler's named cross-tenant listing
 *
 * Written and removed with the version that declares them (publish) and with the agent (delete).
 */
export const scheduleIndexPartition = 'WB#SCHEDULES';
export const agentSchedulePrefix = 'SCHED#';
export const agentScheduleKey = (orgId: string, agentId: string, nodeId: string): ItemKey => ({
  pk: `T#${orgId}#AGENT#${agentId}`,
  sk: `${agentSchedulePrefix}${nodeId}`,
});
export const agentScheduleIndex = (orgId: string, agentId: string, nodeId: string) => ({
  gsi1pk: scheduleIndexPartition,
  gsi1sk: `${orgId}#${agentId}#${nodeId}`,
});
