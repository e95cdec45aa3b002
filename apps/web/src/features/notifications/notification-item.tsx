/** One notification as a button: opening it marks it read (by the caller) and follows its link. */
import type { Notification } from '@diatonic/api-schemas';

export function NotificationItem({
  notification,
  onOpen,
}: {
  notification: Notification;
  onOpen(notification: Notification): void;
}) {
  return (
    <li className={notification.readAt ? 'is-read' : 'is-unread'}>
      <button type="button" className="bell-item" onClick={() => onOpen(notification)}>
        <span className="bell-item-title">
          {notification.readAt ? null : <span className="visually-hidden">Unread: </span>}
          {notification.title}
        </span>
        {notification.body ? <span className="bell-item-body">{notification.body}</span> : null}
        <time dateTime={notification.createdAt}>{formatTime(notification.createdAt)}</time>
      </button>
    </li>
  );
}

/** Only same-origin paths are followed: a notification must never send the user to another site. */
export function internalPath(link: string | null): string | null {
  if (!link?.startsWith('/') || link.startsWith('//')) return null;
  return link;
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
