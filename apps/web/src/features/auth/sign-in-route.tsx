/**
 * /login and /signup: the built-in e-mail and password form, or in Cognito mode the hosted UI (which owns
 * sign-up and passwords), depending on what `GET /api/auth/config` says.
 */
import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ErrorState } from '../../ui/error-state.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { CognitoSignIn } from './cognito-sign-in.tsx';
import { safeNextPath } from './next-path.ts';
import { useAuthConfig } from './use-auth-config.ts';
import { useSession } from './use-session.ts';

export function SignInRoute({ builtin }: { builtin: ReactNode }) {
  const config = useAuthConfig();
  const [searchParams] = useSearchParams();
  const { isSignedIn } = useSession();
  const next = safeNextPath(searchParams.get('next'));

  if (config.isPending) return <LoadingState label="Loading sign-in…" />;
  if (config.isError) {
    return <ErrorState title="Sign-in is unavailable" error={config.error} onRetry={() => config.refetch()} />;
  }
  if (config.data.mode === 'builtin') return builtin;
  if (isSignedIn) return <Navigate to={next} replace />;
  return <CognitoSignIn hostedUi={config.data.hostedUi} next={next} />;
}
