/** The signed-in user's in-app notifications in the active organisation. */
import { MarkNotificationsReadResult, NotificationPage, UnreadCount } from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';

export function listNotifications(signal?: AbortSignal): Promise<NotificationPage> {
  return apiAuthed('/api/notifications?limit=20', NotificationPage, signal ? { signal } : {});
}

export function getUnreadCount(signal?: AbortSignal): Promise<UnreadCount> {
  return apiAuthed('/api/notifications/unread-count', UnreadCount, signal ? { signal } : {});
}

export function markNotificationsRead(input: { ids: string[] } | { all: true }): Promise<MarkNotificationsReadResult> {
  return apiAuthed('/api/notifications/read', MarkNotificationsReadResult, { method: 'POST', body: input });
}
