/** The organisation's pending invitations (the API lists only those still acceptable), each revocable. */
import type { ReactNode } from 'react';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { roleLabels } from './role-labels.ts';
import { useInvitations, useRevokeInvitation } from './use-members.ts';

export function InvitationsList({ orgId }: { orgId: string }) {
  const invitations = useInvitations(orgId, true);
  const revoke = useRevokeInvitation(orgId);

  let body: ReactNode;
  if (invitations.isPending) body = <LoadingState label="Loading invitations…" />;
  else if (invitations.isError) {
    body = (
      <ErrorState
        title="Invitations could not be loaded"
        error={invitations.error}
        onRetry={() => invitations.refetch()}
      />
    );
  } else {
    const items = invitations.data.pages.flatMap((page) => page.items).filter((i) => i.status === 'pending');
    body =
      items.length === 0 ? (
        <p>No pending invitations.</p>
      ) : (
        <ul className="plain-list" data-testid="invitations-list">
          {items.map((invitation) => (
            <li key={invitation.id}>
              <span>
                {invitation.email} · {roleLabels[invitation.role]} · valid until{' '}
                <time dateTime={invitation.expiresAt}>{new Date(invitation.expiresAt).toLocaleString()}</time>
              </span>
              <button
                type="button"
                className="button-secondary"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(invitation.id)}
              >
                Revoke<span className="visually-hidden"> invitation for {invitation.email}</span>
              </button>
            </li>
          ))}
        </ul>
      );
  }

  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Pending invitations</h2>
      {body}
      {revoke.isError ? <FormError error={revoke.error} /> : null}
      {invitations.hasNextPage ? (
        <button type="button" onClick={() => invitations.fetchNextPage()} disabled={invitations.isFetchingNextPage}>
          Show more invitations
        </button>
      ) : null}
    </section>
  );
}
