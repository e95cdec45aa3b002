/** The identity API's session routes: sign up, log in, log out, and who am I. */
import { type LoginRequest, MeResponse, type SignupRequest, TokensResponse } from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';
import { apiRequest, noContent } from './client.ts';
import { sessionStore } from './session-store.ts';

export async function signup(input: SignupRequest): Promise<TokensResponse> {
  const tokens = await apiRequest('/api/auth/signup', TokensResponse, { method: 'POST', body: input });
  startSession(tokens);
  return tokens;
}

export async function login(input: LoginRequest): Promise<TokensResponse> {
  const tokens = await apiRequest('/api/auth/login', TokensResponse, { method: 'POST', body: input });
  startSession(tokens);
  return tokens;
}

/** A new session starts in the user's default organisation, not in whatever the previous user had chosen. */
function startSession(tokens: TokensResponse): void {
  sessionStore.setActiveOrganization(null);
  sessionStore.setTokens(tokens.accessToken, tokens.refreshToken);
}

/**
 * Revokes the refresh token on the server, then forgets the session. The local session is cleared even when
 * the server cannot be reached: the user asked to be signed out of this browser.
 */
export async function logout(): Promise<void> {
  const { refreshToken } = sessionStore.get();
  try {
    if (refreshToken) {
      await apiRequest('/api/auth/logout', noContent, { method: 'POST', body: { refreshToken } });
    }
  } finally {
    sessionStore.clear();
  }
}

/** The caller, their memberships and permissions in `organizationId` (the active organisation by default). */
export function getMe(organizationId?: string | null, signal?: AbortSignal): Promise<MeResponse> {
  return apiAuthed('/api/auth/me', MeResponse, { organizationId, ...(signal ? { signal } : {}) });
}
