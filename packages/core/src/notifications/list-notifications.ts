import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { notificationPartition, notificationPrefix, unreadCounterKey } from './keys.ts';
import { requireNotificationAccess } from './notification-access.ts';
import type { NotificationsDeps } from './notifications-deps.ts';
import { type NotificationRecord, type NotificationView, toNotificationView } from './records.ts';

export interface ListNotificationsInput {
  cursor?: string;
  limit?: number;
  /** Only unread ones; a page may then hold fewer than `limit` items while `nextCursor` is set. */
  unreadOnly?: boolean;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

/** The caller's notifications in the active organisation, newest first, with the unread count. */
export async function listNotifications(
  deps: NotificationsDeps,
  actor: Actor,
  input: ListNotificationsInput,
): Promise<NotificationPage> {
  requireNotificationAccess(actor);
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw AppError.invalidInput('limit must be an integer from 1 to 100', { field: 'limit' });
  const [page, unreadCount] = await Promise.all([
    deps.store.query<NotificationRecord>({
      pk: notificationPartition(actor.orgId, actor.userId),
      sk: { beginsWith: notificationPrefix },
      reverse: true,
      limit,
      cursor: input.cursor,
    }),
    countUnread(deps, actor),
  ]);
  const records = page.items.map((item) => item.data).filter((record) => !input.unreadOnly || !record.read);
  return { items: records.map(toNotificationView), nextCursor: page.nextCursor, unreadCount };
}

export async function countUnread(deps: NotificationsDeps, actor: Actor): Promise<number> {
  requireNotificationAccess(actor);
  const counter = await deps.store.get<{ unread?: number }>(unreadCounterKey(actor.orgId, actor.userId));
  return Math.max(0, counter?.data.unread ?? 0);
}
