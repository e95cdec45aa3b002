/**
 * What every organisation page (/orgs/:orgId/…) does first: reads /api/auth/me for that organisation,
 * makes it the active one, and stands in with the loading, error or no-access view until the caller's
 * membership there is known.
 */
import type { MeResponse } from '@diatonic/api-schemas';
import { type ReactElement, useEffect } from 'react';
import { sessionStore } from '../../api/session-store.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { isLostAccess } from './lost-access.ts';
import { NoAccessNotice } from './no-access-notice.tsx';

type Membership = MeResponse['memberships'][number];

export type OrganizationPage =
  | { standIn: ReactElement; me?: undefined; membership?: undefined }
  | { standIn: null; me: MeResponse; membership: Membership };

export function useOrganizationPage(orgId: string): OrganizationPage {
  const me = useMe(orgId);
  const membership = me.data?.memberships.find((m) => m.organizationId === orgId);

  useEffect(() => {
    if (membership) sessionStore.setActiveOrganization(membership.organizationId);
  }, [membership]);

  if (me.isPending) return { standIn: <LoadingState label="Loading organisation…" /> };
  if (me.isError) {
    if (isLostAccess(me.error)) return { standIn: <NoAccessNotice orgId={orgId} /> };
    return {
      standIn: (
        <ErrorState title="This organisation could not be loaded" error={me.error} onRetry={() => me.refetch()} />
      ),
    };
  }
  if (!membership) return { standIn: <NoAccessNotice orgId={orgId} /> };
  return { standIn: null, me: me.data, membership };
}
