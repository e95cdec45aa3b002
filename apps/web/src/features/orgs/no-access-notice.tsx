/**
 * Shown instead of an organisation's page when the caller is not a member (any more): forgets it as the
 * active organisation and refreshes the memberships, so the switcher drops it too.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { sessionStore } from '../../api/session-store.ts';
import { allMeKey } from '../auth/me-query.ts';

export function NoAccessNotice({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (sessionStore.get().activeOrganizationId === orgId) sessionStore.setActiveOrganization(null);
    void queryClient.invalidateQueries({ queryKey: allMeKey });
  }, [orgId, queryClient]);

  return (
    <div className="error-state" role="alert">
      <p className="error-title">You do not have access to this organisation</p>
      <p>
        You are not a member of this organisation, or you were removed from it. Ask one of its owners or admins to
        invite you again if you need access.
      </p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </div>
  );
}
