/**
 * Marks notifications read. Each one flips `read` under a condition (`read = false`) in the same
 * transaction that decrements the unread counter, so marking the same notification twice, or from two
 * tabs at once, decrements exactly once.
 */
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { notificationKey, notificationPartition, notificationPrefix, unreadCounterKey } from './keys.ts';
import { countUnread } from './list-notifications.ts';
import { requireNotificationAccess } from './notification-access.ts';
import type { NotificationsDeps } from './notifications-deps.ts';
import type { NotificationRecord } from './records.ts';

export type MarkReadInput = { ids: string[] } | { all: true };

const maxIds = 100;
const idPattern = /^ntf_[0-9A-Z]{26}$/;

async function markOne(deps: NotificationsDeps, actor: Actor, id: string, readAt: string): Promise<boolean> {
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: notificationKey(actor.orgId, actor.userId, id),
        changes: {
          set: { read: true, readAt },
          condition: [{ kind: 'exists' }, { kind: 'compare', field: 'read', op: '=', value: false }],
        },
      },
      { kind: 'update', key: unreadCounterKey(actor.orgId, actor.userId), changes: { add: { unread: -1 } } },
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

async function unreadIds(deps: NotificationsDeps, actor: Actor): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<NotificationRecord>({
      pk: notificationPartition(actor.orgId, actor.userId),
      sk: { beginsWith: notificationPrefix },
      limit: 500,
      cursor,
    });
    for (const item of page.items) if (!item.data.read) ids.push(item.data.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

export async function markRead(
  deps: NotificationsDeps,
  actor: Actor,
  input: MarkReadInput,
): Promise<{ marked: number; unreadCount: number }> {
  requireNotificationAccess(actor);
  let ids: string[];
  if ('all' in input) {
    ids = await unreadIds(deps, actor);
  } else {
    ids = [...new Set(input.ids)];
    if (ids.length === 0 || ids.length > maxIds)
      throw AppError.invalidInput(`ids must hold 1–${maxIds} notification ids`, { field: 'ids' });
    const bad = ids.find((id) => !idPattern.test(id));
    if (bad !== undefined)
      throw AppError.invalidInput('ids holds a value that is not a notification id', { field: 'ids' });
    // Check every id first so a request naming someone else's notification changes nothing.
    const found = await deps.store.getMany(ids.map((id) => notificationKey(actor.orgId, actor.userId, id)));
    if (found.length !== ids.length) {
      const known = new Set(found.map((item) => (item.data as NotificationRecord).id));
      throw AppError.notFound(
        'notification',
        ids.find((id) => !known.has(id)),
      );
    }
  }
  const readAt = isoAt(deps.clock.nowMs());
  let marked = 0;
  for (const id of ids) if (await markOne(deps, actor, id, readAt)) marked++;
  return { marked, unreadCount: await countUnread(deps, actor) };
}
