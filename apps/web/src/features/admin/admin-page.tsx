/**
 * /admin: the platform admin's list of every organisation, newest first, with each one's plan to change
 * (there is no self-service upgrade yet). Anyone else is told the page is not theirs; the API refuses
 * them anyway.
 */
import type { OrganizationPage } from '@diatonic/api-schemas';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { listAllOrganizations } from '../../api/admin-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { adminOrganizationsKey, OrganizationRow } from './organization-row.tsx';

export function AdminPage() {
  const me = useMe();
  const isPlatformAdmin = me.data?.user.platformRole === 'platform_admin';
  const organizations = useInfiniteQuery({
    queryKey: adminOrganizationsKey,
    enabled: isPlatformAdmin,
    initialPageParam: null as string | null,
    getNextPageParam: (page: OrganizationPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listAllOrganizations(pageParam, signal),
  });

  let body: ReactNode;
  if (me.isPending) body = <LoadingState label="Loading…" />;
  else if (!isPlatformAdmin) body = <p role="alert">Only platform admins can open the platform administration.</p>;
  else if (organizations.isPending) body = <LoadingState label="Loading organisations…" />;
  else if (organizations.isError) {
    body = (
      <ErrorState
        title="The organisations could not be loaded"
        error={organizations.error}
        onRetry={() => organizations.refetch()}
      />
    );
  } else {
    const rows = organizations.data.pages.flatMap((page) => page.items);
    body = (
      <>
        <table className="table" data-testid="admin-organizations">
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Members</th>
              <th scope="col">Created</th>
              <th scope="col">Plan</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((organization) => (
              <OrganizationRow key={organization.id} organization={organization} />
            ))}
          </tbody>
        </table>
        {organizations.hasNextPage ? (
          <button
            type="button"
            className="button-secondary"
            disabled={organizations.isFetchingNextPage}
            onClick={() => organizations.fetchNextPage()}
          >
            {organizations.isFetchingNextPage ? 'Loading…' : 'Show more organisations'}
          </button>
        ) : null}
      </>
    );
  }

  return (
    <section className="page" aria-labelledby="admin-heading">
      <title>Platform administration · Diatonic</title>
      <h1 id="admin-heading">Platform administration</h1>
      <p className="lead">Every organisation on this installation, newest first. A plan sets its quotas.</p>
      {body}
    </section>
  );
}
