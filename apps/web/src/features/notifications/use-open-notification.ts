/** Opening a notification: mark it read when it is unread, then follow its link (same-origin paths only). */
import type { Notification } from '@diatonic/api-schemas';
import { useNavigate } from 'react-router';
import { internalPath } from './notification-item.tsx';
import { useMarkRead } from './use-notifications.ts';

export function useOpenNotification(afterOpen?: () => void) {
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const open = async (notification: Notification) => {
    // A failed mark-read must not keep the user from where the notification points.
    if (notification.readAt === null) await markRead.mutateAsync({ ids: [notification.id] }).catch(() => undefined);
    afterOpen?.();
    const target = internalPath(notification.link);
    if (target) navigate(target);
  };
  return { open, markRead };
}
