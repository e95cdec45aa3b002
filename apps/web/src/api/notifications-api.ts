/** The signed-in user's in-app notifications in the active organisation. */
import { MarkNotificationsReadResult, NotificationPage, UnreadCount } from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';

/** One page, newest first; `cursor` is the previous page's `nextCursor`. */
export function listNotifications(cursor: string | null, signal?: AbortSignal): Promise<NotificationPage> {
  const query = new URLSearchParams({ limit: '20' });
  if (cursor) query.set('cursor', cursor);
  return apiAuthed(`/api/notifications?${query}`, NotificationPage, signal ? { signal } : {});
}

export function getUnreadCount(signal?: AbortSignal): Promise<UnreadCount> {
  return apiAuthed('/api/notifications/unread-count', UnreadCount, signal ? { signal } : {});
}

export function markNotificationsRead(input: { ids: string[] } | { all: true }): Promise<MarkNotificationsReadResult> {
  return apiAuthed('/api/notifications/read', MarkNotificationsReadResult, { method: 'POST', body: input });
}
