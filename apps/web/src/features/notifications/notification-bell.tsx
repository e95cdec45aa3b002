/**
 * The header's bell: the unread count as a badge, and a panel with the latest notifications. Opening one
 * marks it read and follows its link; "Mark all read" clears the badge. Escape or a click elsewhere closes
 * the panel.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { NotificationItem } from './notification-item.tsx';
import { useNotificationList, useUnreadCount } from './use-notifications.ts';
import { useOpenNotification } from './use-open-notification.ts';

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const list = useNotificationList(open);
  const { open: onOpenNotification, markRead } = useOpenNotification(() => setOpen(false));
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const count = unread.data ?? 0;
  return (
    <div className="notification-bell" ref={root}>
      <button
        type="button"
        className="bell-button button-secondary"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}
        onClick={() => setOpen((value) => !value)}
      >
        <BellIcon />
        {count > 0 ? (
          <span className="bell-badge" data-testid="unread-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id={panelId} className="bell-panel" aria-label="Notifications">
          <div className="bell-panel-header">
            <h2>Notifications</h2>
            <button
              type="button"
              className="button-secondary"
              disabled={count === 0 || markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
            >
              Mark all read
            </button>
          </div>
          {list.isPending ? <LoadingState label="Loading notifications…" /> : null}
          {list.isError ? <ErrorState title="Notifications could not be loaded" error={list.error} /> : null}
          {list.data && list.data.items.length === 0 ? <p className="muted">No notifications yet.</p> : null}
          {list.data && list.data.items.length > 0 ? (
            <ul className="bell-list">
              {list.data.items.map((notification) => (
                <NotificationItem key={notification.id} notification={notification} onOpen={onOpenNotification} />
              ))}
            </ul>
          ) : null}
          <Link to="/notifications" className="bell-all" onClick={() => setOpen(false)}>
            See all notifications
          </Link>
        </section>
      ) : null}
    </div>
  );
}

/** Drawn rather than an emoji: headless and minimal systems often have no emoji font. */
function BellIcon() {
  return (
    <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}
