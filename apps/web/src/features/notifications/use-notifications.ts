/**
 * Server state of the bell: the unread count (polled every 30 s and refetched when the window regains
 * focus), the latest notifications (fetched when the list opens), all of them page by page, and marking
 * them read.
 */
import type { NotificationPage } from '@diatonic/api-schemas';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getUnreadCount, listNotifications, markNotificationsRead } from '../../api/notifications-api.ts';
import { useSession } from '../auth/use-session.ts';

export const notificationsKey = ['notifications'] as const;
const unreadKey = (orgId: string | null) => [...notificationsKey, orgId, 'unread'] as const;
const listKey = (orgId: string | null) => [...notificationsKey, orgId, 'list'] as const;

export const unreadPollMs = 30_000;

export function useUnreadCount() {
  const { activeOrganizationId, isSignedIn } = useSession();
  return useQuery({
    queryKey: unreadKey(activeOrganizationId),
    enabled: isSignedIn,
    staleTime: 0,
    refetchInterval: unreadPollMs,
    refetchOnWindowFocus: true,
    queryFn: ({ signal }) => getUnreadCount(signal),
    select: (data) => data.unreadCount,
  });
}

export function useNotificationList(enabled: boolean) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: listKey(activeOrganizationId),
    enabled,
    staleTime: 0,
    queryFn: ({ signal }) => listNotifications(null, signal),
  });
}

/** Every notification, page by page, for the /notifications page. */
export function useAllNotifications() {
  const { activeOrganizationId } = useSession();
  return useInfiniteQuery({
    queryKey: [...listKey(activeOrganizationId), 'all'],
    staleTime: 0,
    initialPageParam: null as string | null,
    getNextPageParam: (page: NotificationPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listNotifications(pageParam, signal),
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: (result) => {
      queryClient.setQueryData(unreadKey(activeOrganizationId), { unreadCount: result.unreadCount });
      return queryClient.invalidateQueries({ queryKey: listKey(activeOrganizationId) });
    },
  });
}
