/**
 * /invitations/accept?token=…: the link an inviter passes on. Signed out, it offers sign-up and log-in and
 * comes back here afterwards; signed in, the user accepts with a button (never automatically, so opening a
 * link cannot join anyone to an organisation unawares).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-error.ts';
import { plainMessage } from '../../api/error-messages.ts';
import { acceptInvitation } from '../../api/orgs-api.ts';
import { sessionStore } from '../../api/session-store.ts';
import { allMeKey } from '../auth/me-query.ts';
import { withNext } from '../auth/next-path.ts';
import { useOwnPasswords } from '../auth/use-auth-config.ts';
import { useMe } from '../auth/use-me.ts';
import { useSession } from '../auth/use-session.ts';
import { roleLabels } from './role-labels.ts';

export function AcceptInvitationPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');
  const location = useLocation();
  const { isSignedIn } = useSession();
  const here = location.pathname + location.search;
  // Cognito: "Log in" leads to the hosted UI, which offers sign-up itself.
  const offersSignUp = useOwnPasswords() === true;

  return (
    <section className="page narrow" aria-labelledby="accept-heading">
      <title>Accept invitation · Diatonic</title>
      <h1 id="accept-heading">Join an organisation</h1>
      {!token ? (
        <p role="alert">
          This link has no invitation token. Open the complete link you were given, or ask for a new invitation.
        </p>
      ) : isSignedIn ? (
        <AcceptInvitation token={token} />
      ) : (
        <>
          <p>You have been invited to join an organisation on Diatonic. Sign up or log in to accept the invitation.</p>
          <p>Use the e-mail address the invitation was sent to.</p>
          <p className="actions">
            {offersSignUp ? (
              <Link className="button-link" to={withNext('/signup', here)}>
                Sign up to accept
              </Link>
            ) : null}
            <Link className="button-link button-secondary" to={withNext('/login', here)}>
              Log in to accept
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

function AcceptInvitation({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const me = useMe();
  const accept = useMutation({
    mutationFn: () => acceptInvitation(token),
    onSuccess: async (result) => {
      sessionStore.setActiveOrganization(result.organizationId);
      await queryClient.invalidateQueries({ queryKey: allMeKey });
    },
  });

  if (accept.isSuccess) {
    const { organizationId, role } = accept.data;
    const name = me.data?.memberships.find((m) => m.organizationId === organizationId)?.name ?? 'the organisation';
    return (
      <div role="status">
        <p>
          You joined {name} as {roleLabels[role].toLowerCase()}.
        </p>
        <p>
          <Link to={`/orgs/${encodeURIComponent(organizationId)}/members`}>See its members</Link>
        </p>
      </div>
    );
  }

  return (
    <>
      <p>
        {me.data ? (
          <>
            You are signed in as <strong>{me.data.user.email ?? me.data.user.name}</strong>.{' '}
          </>
        ) : null}
        Accept the invitation to join the organisation.
      </p>
      {accept.isError ? (
        <div className="form-error" role="alert">
          <p>{acceptFailureMessage(accept.error)}</p>
        </div>
      ) : null}
      <button type="button" onClick={() => accept.mutate()} disabled={accept.isPending}>
        {accept.isPending ? 'Accepting…' : 'Accept invitation'}
      </button>
    </>
  );
}

function acceptFailureMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === 'not_found') {
    return 'This invitation is not valid any more: it may have expired, been revoked or been used already. Ask for a new one.';
  }
  // e.g. signed in with another address than the invited one: the server says so.
  if (error instanceof ApiError && error.code === 'forbidden' && error.message) return error.message;
  return plainMessage(error);
}
