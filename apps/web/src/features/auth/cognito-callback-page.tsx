/**
 * /auth/callback: where the Cognito hosted UI returns with `?code=&state=` (or `?error=`). Completes the
 * sign-in (state check, code exchange with the PKCE verifier) and continues where the user was going;
 * on failure says why in plain words and offers to start again.
 */
import type { CognitoHostedUiConfig } from '@diatonic/api-schemas';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { beginCognitoSignIn, completeCognitoSignIn } from '../../api/cognito-session.ts';
import { LoadingState } from '../../ui/loading-state.tsx';
import { safeNextPath } from './next-path.ts';
import { useAuthConfig } from './use-auth-config.ts';

// One exchange per callback URL: React may run the effect twice, and the state is single use.
const exchanges = new Map<string, Promise<string>>();

function completeOnce(hostedUi: CognitoHostedUiConfig, search: string): Promise<string> {
  let exchange = exchanges.get(search);
  if (!exchange) {
    exchange = completeCognitoSignIn(hostedUi, new URLSearchParams(search));
    exchanges.set(search, exchange);
  }
  return exchange;
}

export function CognitoCallbackPage() {
  const config = useAuthConfig();
  const { search } = useLocation();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<{ next: string } | { error: string } | null>(null);
  const hostedUi = config.data?.mode === 'cognito' ? config.data.hostedUi : null;

  useEffect(() => {
    if (!hostedUi) return;
    completeOnce(hostedUi, search).then(
      (next) => {
        queryClient.clear();
        setOutcome({ next: safeNextPath(next) });
      },
      (error: unknown) => setOutcome({ error: error instanceof Error ? error.message : 'Signing in failed.' }),
    );
  }, [hostedUi, search, queryClient]);

  if (outcome && 'next' in outcome) return <Navigate to={outcome.next} replace />;
  const problem =
    outcome?.error ??
    (config.isError ? 'The sign-in settings could not be loaded. Check your connection and try again.' : null) ??
    (config.data && !hostedUi ? 'This installation does not sign in through a hosted sign-in page.' : null);

  return (
    <section className="page narrow" aria-labelledby="callback-heading">
      <title>Signing in · Diatonic</title>
      <h1 id="callback-heading">Signing in</h1>
      {problem ? (
        <div className="error-state" role="alert">
          <p className="error-title">You are not signed in</p>
          <p>{problem}</p>
          {hostedUi ? (
            <button type="button" onClick={() => beginCognitoSignIn(hostedUi, '/').catch(() => undefined)}>
              Sign in again
            </button>
          ) : null}
        </div>
      ) : (
        <LoadingState label="Completing sign-in…" />
      )}
    </section>
  );
}
