/** /notifications: every notification of the active organisation, newest first, page by page. */
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { NotificationItem } from './notification-item.tsx';
import { useAllNotifications, useUnreadCount } from './use-notifications.ts';
import { useOpenNotification } from './use-open-notification.ts';

export function NotificationsPage() {
  const pages = useAllNotifications();
  const unread = useUnreadCount();
  const { open, markRead } = useOpenNotification();
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="page" aria-labelledby="notifications-heading">
      <title>Notifications · Diatonic</title>
      <div className="bell-panel-header">
        <h1 id="notifications-heading">Notifications</h1>
        <button
          type="button"
          className="button-secondary"
          disabled={(unread.data ?? 0) === 0 || markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
        >
          Mark all read
        </button>
      </div>
      {pages.isPending ? <LoadingState label="Loading notifications…" /> : null}
      {pages.isError ? (
        <ErrorState title="Notifications could not be loaded" error={pages.error} onRetry={() => pages.refetch()} />
      ) : null}
      {pages.data && items.length === 0 ? <p className="muted">No notifications yet.</p> : null}
      {items.length > 0 ? (
        <ul className="bell-list card" data-testid="notifications-list">
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onOpen={open} />
          ))}
        </ul>
      ) : null}
      {pages.hasNextPage ? (
        <button
          type="button"
          className="button-secondary"
          disabled={pages.isFetchingNextPage}
          onClick={() => pages.fetchNextPage()}
        >
          {pages.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      ) : null}
    </section>
  );
}
