/**
 * Sign-in through the Amazon Cognito hosted UI (AUTH=cognito): the OAuth 2.0 authorization code flow with
 * PKCE for a public client (no secret in the browser).
 *
 * 1. `beginCognitoSignIn` stores a fresh state and code verifier in sessionStorage (this tab only) and
 *    sends the browser to `<domain>/oauth2/authorize` with the S256 challenge.
 * 2. Cognito sends it back to `/auth/callback?code=…&state=…` (or `?error=…`); `completeCognitoSignIn`
 *    checks the state against the stored one (single use), then trades the code and the verifier for
 *    tokens at `<domain>/oauth2/token`.
 * 3. The session keeps the **id token** as the bearer token (our API accepts Cognito id and access tokens;
 *    only the id token carries the verified e-mail that matches invitations) and the refresh token, in the
 *    same session store as the built-in provider (see session-store.ts for the storage trade-off).
 *    `refreshCognitoTokens` gets new tokens before the old ones expire (refresh-session.ts decides when).
 * 4. Sign-out revokes the refresh token (`/oauth2/revoke`) and ends the hosted UI's own session at
 *    `<domain>/logout`, which returns to the registered sign-out URI.
 */
import type { CognitoHostedUiConfig } from '@diatonic/api-schemas';
import { ApiError } from './api-error.ts';
import { codeChallengeS256, createCodeVerifier, randomUrlSafe, sameState } from './pkce.ts';
import { sessionStore } from './session-store.ts';

/** Must match the API's `cognitoCallbackPath` and the app client's callback URLs (apps/infra). */
export const cognitoCallbackPath = '/auth/callback';

const pendingKey = 'diatonic.cognito.pendingSignIn';

interface PendingSignIn {
  state: string;
  verifier: string;
  /** Where to continue in the app after signing in (already checked to be a path of this app). */
  next: string;
  redirectUri: string;
}

/** Why a sign-in did not complete, in words for the user; `reason` for tests and telemetry. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly reason: 'provider_error' | 'state_mismatch' | 'no_pending_sign_in' | 'missing_code' | 'token_exchange',
    message: string,
  ) {
    super(message);
  }
}

export function redirectUriOf(ui: CognitoHostedUiConfig, origin: string): string {
  return ui.redirectUri ?? `${origin}${cognitoCallbackPath}`;
}

export function logoutUriOf(ui: CognitoHostedUiConfig, origin: string): string {
  return ui.logoutUri ?? `${origin}/`;
}

/** Remembers a new sign-in attempt for this tab and returns the hosted UI URL that starts it. */
export async function startSignIn(ui: CognitoHostedUiConfig, next: string, origin: string): Promise<string> {
  const pending: PendingSignIn = {
    state: randomUrlSafe(32),
    verifier: createCodeVerifier(),
    next,
    redirectUri: redirectUriOf(ui, origin),
  };
  const url = new URL('/oauth2/authorize', ui.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
    redirect_uri: pending.redirectUri,
    scope: ui.scopes.join(' '),
    state: pending.state,
    code_challenge: await codeChallengeS256(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  return url.toString();
}

let leaving: Promise<void> | null = null;

// Back from the hosted UI through the browser's back button, the page may be restored as it was left:
// it is no longer leaving, so its "Continue to sign-in" button must work again.
globalThis.addEventListener?.('pageshow', (event: PageTransitionEvent) => {
  if (event.persisted) leaving = null;
});

/** Sends the browser to the hosted UI (once, even when React mounts the caller twice). */
export function beginCognitoSignIn(ui: CognitoHostedUiConfig, next: string): Promise<void> {
  leaving ??= startSignIn(ui, next, location.origin).then(
    (url) => location.assign(url),
    (error: unknown) => {
      leaving = null;
      throw error;
    },
  );
  return leaving;
}

/** Reads and forgets the pending sign-in: a state is good for one callback only. */
function takePendingSignIn(): PendingSignIn | null {
  const raw = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    return typeof value.state === 'string' &&
      typeof value.verifier === 'string' &&
      typeof value.next === 'string' &&
      typeof value.redirectUri === 'string'
      ? (value as PendingSignIn)
      : null;
  } catch {
    return null;
  }
}

/** What the hosted UI's `error` codes mean for the user (RFC 6749 §4.1.2.1). */
function providerErrorMessage(error: string, description: string | null): string {
  const known: Record<string, string> = {
    access_denied: 'Sign-in was cancelled or refused.',
    invalid_request: 'The sign-in page refused the request.',
    unauthorized_client: 'This app is not allowed to sign in with the identity provider (check the app client).',
    invalid_scope: 'The identity provider does not allow the requested scopes (check COGNITO_SCOPES).',
    server_error: 'The sign-in service had a problem.',
    temporarily_unavailable: 'The sign-in service is temporarily unavailable.',
  };
  const base = known[error] ?? `The sign-in service answered “${error}”.`;
  return description ? `${base} (${description})` : base;
}

/**
 * Finishes the sign-in on `/auth/callback`: checks `error`, the state and the code, trades the code for
 * tokens and starts the session. Returns where to continue. Throws SignInError with a message to show.
 */
export async function completeCognitoSignIn(ui: CognitoHostedUiConfig, search: URLSearchParams): Promise<string> {
  const pending = takePendingSignIn();
  const error = search.get('error');
  if (error) throw new SignInError('provider_error', providerErrorMessage(error, search.get('error_description')));
  if (!pending) {
    throw new SignInError(
      'no_pending_sign_in',
      'This sign-in was not started in this browser tab, or its link was already used. Please sign in again.',
    );
  }
  if (!sameState(pending.state, search.get('state'))) {
    throw new SignInError(
      'state_mismatch',
      'The answer from the sign-in page does not belong to the sign-in this tab started (state mismatch), so it was refused. Please sign in again.',
    );
  }
  const code = search.get('code');
  if (!code) throw new SignInError('missing_code', 'The sign-in page returned without an authorization code.');
  let tokens: TokenEndpointAnswer;
  try {
    tokens = await tokenRequest(ui, {
      grant_type: 'authorization_code',
      client_id: ui.clientId,
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
    });
  } catch (failure) {
    const reason = failure instanceof ApiError ? failure.message : 'the token endpoint could not be reached';
    throw new SignInError('token_exchange', `Signing in could not be completed: ${reason}. Please sign in again.`);
  }
  if (!tokens.refreshToken) {
    throw new SignInError('token_exchange', 'The sign-in service returned no refresh token. Please sign in again.');
  }
  // A new session starts in the user's default organisation, not in whatever the previous user had chosen.
  sessionStore.setActiveOrganization(null);
  sessionStore.setTokens(tokens.idToken, tokens.refreshToken);
  return pending.next;
}

/** New tokens for the refresh token; Cognito keeps the refresh token unless rotation is turned on. */
export async function refreshCognitoTokens(
  ui: CognitoHostedUiConfig,
  refreshToken: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const tokens = await tokenRequest(ui, {
    grant_type: 'refresh_token',
    client_id: ui.clientId,
    refresh_token: refreshToken,
  });
  return { accessToken: tokens.idToken, refreshToken: tokens.refreshToken ?? refreshToken };
}

/** Revokes the refresh token (best effort: signing out of this browser goes ahead regardless). */
export async function revokeCognitoRefreshToken(ui: CognitoHostedUiConfig, refreshToken: string): Promise<void> {
  try {
    await fetch(new URL('/oauth2/revoke', ui.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: ui.clientId }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    // Unreachable: the token still expires on its own; the local session is gone either way.
  }
}

/**
 * The hosted UI's sign-out URL, for a page about to go there: from now on this page starts no sign-in.
 * (Clearing the session re-renders protected pages, whose redirect to the hosted UI's sign-in would
 * otherwise race the sign-out and, with the hosted UI's cookie still set, sign the user straight back in.)
 */
export function leaveForCognitoLogout(ui: CognitoHostedUiConfig, origin: string): string {
  leaving = new Promise<void>(() => {});
  return cognitoLogoutUrl(ui, origin);
}

/** The hosted UI's sign-out, which ends its own session cookie and returns to the app. */
export function cognitoLogoutUrl(ui: CognitoHostedUiConfig, origin: string): string {
  const url = new URL('/logout', ui.domain);
  url.search = new URLSearchParams({ client_id: ui.clientId, logout_uri: logoutUriOf(ui, origin) }).toString();
  return url.toString();
}

interface TokenEndpointAnswer {
  idToken: string;
  refreshToken?: string;
}

/**
 * POSTs a form to `<domain>/oauth2/token`. Failures become ApiError so the session code treats them like
 * our API's: a 4xx (`invalid_grant`: expired or revoked) ends the session, no answer keeps it.
 */
async function tokenRequest(ui: CognitoHostedUiConfig, form: Record<string, string>): Promise<TokenEndpointAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL('/oauth2/token', ui.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The sign-in service could not be reached. Check your connection.', null);
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON: handled below by the missing fields.
  }
  if (!response.ok) {
    const error = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description = typeof body.error_description === 'string' ? ` (${body.error_description})` : '';
    throw new ApiError(response.status, 'unauthenticated', `the sign-in service refused: ${error}${description}`, null);
  }
  if (typeof body.id_token !== 'string') {
    throw new ApiError(response.status, 'unexpected_response', 'the sign-in service returned no id token', null);
  }
  return {
    idToken: body.id_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
  };
}
