/**
 * /login and /signup in Cognito mode: sends the browser to the hosted UI (sign-up is a link there), and
 * says so, with a button in case the redirect is blocked. Without a hosted UI configured it explains why
 * nobody can sign in here.
 */
import type { CognitoHostedUiConfig } from '@diatonic/api-schemas';
import { useEffect, useState } from 'react';
import { beginCognitoSignIn } from '../../api/cognito-session.ts';

export function CognitoSignIn({ hostedUi, next }: { hostedUi: CognitoHostedUiConfig | null; next: string }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (hostedUi) beginCognitoSignIn(hostedUi, next).catch(() => setFailed(true));
  }, [hostedUi, next]);

  return (
    <section className="page narrow" aria-labelledby="login-heading">
      <title>Sign in · Diatonic</title>
      <h1 id="login-heading">Sign in</h1>
      {!hostedUi ? (
        <p role="alert">
          This installation signs users in with Amazon Cognito, but no hosted sign-in page is configured
          (COGNITO_DOMAIN). Ask the administrator to set it.
        </p>
      ) : (
        <>
          <p>{failed ? 'The sign-in page could not be opened.' : 'Taking you to the sign-in page…'}</p>
          <p>Accounts and passwords are managed there.</p>
          <button type="button" onClick={() => beginCognitoSignIn(hostedUi, next).catch(() => setFailed(true))}>
            Continue to sign-in
          </button>
        </>
      )}
    </section>
  );
}
