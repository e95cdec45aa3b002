/**
 * Keeping an agent's stored schedules in step with its published version: the operations that
 * replace them (publish) or remove them (delete), to run in the same transaction as that change, so
 * the scheduler never sees schedules of a version that is not the published one.
 */
import type { ItemStore, TransactOperation } from '../../ports/item-store.ts';
import { AppError } from '../../shared/errors.ts';
import type { AgentGraph } from '../node-executor.ts';
import { agentScheduleIndex, agentScheduleKey, agentSchedulePrefix } from './keys.ts';
import { type GraphScheduleEntry, schedulesInGraph } from './schedules-in-graph.ts';

/** A stored schedule entry (the item's data). */
export type StoredSchedule = GraphScheduleEntry & Record<string, unknown>;

/** Schedule triggers one agent may have (they share the publish transaction with the version). */
export const maxSchedulesPerAgent = 10;

export async function storedSchedules(store: ItemStore, orgId: string, agentId: string): Promise<GraphScheduleEntry[]> {
  const { pk } = agentScheduleKey(orgId, agentId, '');
  const page = await store.query<StoredSchedule>({
    pk,
    sk: { beginsWith: agentSchedulePrefix },
    limit: maxSchedulesPerAgent + 1,
  });
  return page.items.map((item) => item.data);
}

/** Puts the graph's schedules and deletes the stored ones it no longer declares. */
export function replaceSchedules(
  orgId: string,
  agentId: string,
  graph: AgentGraph,
  publishedAt: number,
  previous: readonly GraphScheduleEntry[],
): TransactOperation[] {
  const entries = schedulesInGraph(orgId, agentId, graph, publishedAt);
  if (entries.length > maxSchedulesPerAgent) {
    throw AppError.invalidInput(`An agent may have at most ${maxSchedulesPerAgent} schedule triggers`, {
      field: 'graph.nodes',
    });
  }
  const kept = new Set(entries.map((entry) => entry.triggerNodeId));
  return [
    ...entries.map(
      (entry): TransactOperation => ({
        kind: 'put',
        item: {
          ...agentScheduleKey(orgId, agentId, entry.triggerNodeId),
          ...agentScheduleIndex(orgId, agentId, entry.triggerNodeId),
          data: { ...entry } as StoredSchedule,
        },
      }),
    ),
    ...previous
      .filter((entry) => !kept.has(entry.triggerNodeId))
      .map(
        (entry): TransactOperation => ({
          kind: 'delete',
          key: agentScheduleKey(orgId, agentId, entry.triggerNodeId),
        }),
      ),
  ];
}

export function removeSchedules(orgId: string, agentId: string, previous: readonly GraphScheduleEntry[]) {
  return previous.map(
    (entry): TransactOperation => ({ kind: 'delete', key: agentScheduleKey(orgId, agentId, entry.triggerNodeId) }),
  );
}
