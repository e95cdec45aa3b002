/**
 * `GET /api/auth/me` for the active organisation (or an explicit one): the user, memberships and the
 * permissions that decide which controls a page shows. Always refetched when a page mounts, so a removed
 * member or a changed role shows at the next navigation.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { getMe } from '../../api/auth-api.ts';
import { sessionStore } from '../../api/session-store.ts';
import { noticeStore } from '../../ui/notice-store.ts';
import { meKey } from './me-query.ts';
import { useSession } from './use-session.ts';

export function useMe(organizationId?: string) {
  const { activeOrganizationId, isSignedIn } = useSession();
  const orgId = organizationId ?? activeOrganizationId;
  const query = useQuery({
    queryKey: meKey(orgId),
    enabled: isSignedIn,
    staleTime: 0,
    queryFn: ({ signal }) => getMe(orgId, signal),
  });

  // The stored active organisation was refused (403): the user was removed from it, or it was deleted.
  // Fall back to their default organisation and say so, instead of failing every page.
  const refused = query.error instanceof ApiError && query.error.status === 403;
  useEffect(() => {
    if (organizationId !== undefined || !refused || !orgId) return;
    if (sessionStore.get().activeOrganizationId !== orgId) return;
    sessionStore.setActiveOrganization(null);
    noticeStore.show('You no longer have access to the organisation you were working in. Switched to your own.');
  }, [organizationId, refused, orgId]);

  return query;
}
