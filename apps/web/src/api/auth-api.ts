/** The identity API's session routes: sign up, log in, log out, and who am I. */
import { type LoginRequest, MeResponse, type SignupRequest, TokensResponse } from '@diatonic/api-schemas';
import { loadAuthConfig } from './auth-config-api.ts';
import { apiAuthed } from './authed-request.ts';
import { apiRequest, noContent } from './client.ts';
import { leaveForCognitoLogout, revokeCognitoRefreshToken } from './cognito-session.ts';
import { sessionStore } from './session-store.ts';

export async function signup(input: SignupRequest): Promise<TokensResponse> {
  const tokens = await apiRequest('/api/auth/signup', TokensResponse, { method: 'POST', body: input });
  startSession(tokens);
  return tokens;
}

export async function login(input: LoginRequest): Promise<TokensResponse> {
  const tokens = await apiRequest('/api/auth/login', TokensResponse, { method: 'POST', body: input });
  startSession(tokens);
  await openSharedOrganization();
  return tokens;
}

/**
 * A returning user who belongs to a team lands in it, not in their empty personal workspace: the first
 * shared organisation the server lists becomes active. Best effort: if the lookup fails, the session
 * stays in the default organisation and the switcher still offers the others.
 */
async function openSharedOrganization(): Promise<void> {
  try {
    const me = await getMe(null);
    const shared = me.memberships.find((membership) => !membership.personal);
    if (shared) sessionStore.setActiveOrganization(shared.organizationId);
  } catch {
    // Stay in the default organisation.
  }
}

/** A new session starts in the user's default organisation, not in whatever the previous user had chosen. */
function startSession(tokens: TokensResponse): void {
  sessionStore.setActiveOrganization(null);
  sessionStore.setTokens(tokens.accessToken, tokens.refreshToken);
}

/**
 * Revokes the refresh token (our API's, or Cognito's), then forgets the session. The local session is
 * cleared even when the server cannot be reached: the user asked to be signed out of this browser.
 * In Cognito mode it returns the hosted UI's sign-out URL, which the caller must visit to end the hosted
 * UI's own session (else its cookie would sign the next visitor straight back in).
 */
export async function logout(): Promise<{ hostedUiLogoutUrl: string | null }> {
  const { refreshToken } = sessionStore.get();
  try {
    const config = await loadAuthConfig();
    if (config.mode === 'cognito') {
      if (!config.hostedUi) return { hostedUiLogoutUrl: null };
      const hostedUiLogoutUrl = leaveForCognitoLogout(config.hostedUi, location.origin);
      if (refreshToken) await revokeCognitoRefreshToken(config.hostedUi, refreshToken);
      return { hostedUiLogoutUrl };
    }
    if (refreshToken) {
      await apiRequest('/api/auth/logout', noContent, { method: 'POST', body: { refreshToken } });
    }
    return { hostedUiLogoutUrl: null };
  } finally {
    sessionStore.clear();
  }
}

/** The caller, their memberships and permissions in `organizationId` (the active organisation by default). */
export function getMe(organizationId?: string | null, signal?: AbortSignal): Promise<MeResponse> {
  return apiAuthed('/api/auth/me', MeResponse, { organizationId, ...(signal ? { signal } : {}) });
}
