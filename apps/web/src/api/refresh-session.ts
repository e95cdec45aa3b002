/**
 * Trades the stored refresh token for a new access token (and a new refresh token: they rotate).
 *
 * Rotation makes concurrency dangerous: presenting a refresh token twice looks like theft to the server,
 * which then revokes the whole session. So one refresh runs at a time: within this tab through a shared
 * promise, across tabs through a Web Lock, and under the lock the token is re-read from storage in case
 * another tab rotated it meanwhile.
 */
import { TokensResponse } from '@diatonic/api-schemas';
import { ApiError } from './api-error.ts';
import { loadAuthConfig } from './auth-config-api.ts';
import { apiRequest } from './client.ts';
import { refreshCognitoTokens } from './cognito-session.ts';
import { sessionStore } from './session-store.ts';
import { expiresSoon, tokenExpiresAtMs } from './token-expiry.ts';

let inFlight: Promise<string> | null = null;

export function sessionEndedError(): ApiError {
  return new ApiError(401, 'unauthenticated', 'Your session has ended. Please log in again.', null);
}

/**
 * Returns a fresh access token. `staleToken` is the one the server just refused: when the session already
 * holds a different one (a concurrent request refreshed first), that one is returned without a new refresh.
 */
export function refreshSession(staleToken: string | null = null): Promise<string> {
  const current = sessionStore.get().accessToken;
  if (current && current !== staleToken) return Promise.resolve(current);
  inFlight ??= withLock(() => rotate(staleToken)).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function rotate(staleToken: string | null): Promise<string> {
  const refreshToken = sessionStore.reloadRefreshToken();
  const current = sessionStore.get().accessToken;
  if (current && current !== staleToken) return current;
  if (!refreshToken) throw sessionEndedError();
  try {
    const tokens = await exchange(refreshToken);
    sessionStore.setTokens(tokens.accessToken, tokens.refreshToken);
    return tokens.accessToken;
  } catch (error) {
    // The server refused the token (expired, revoked, reused): the session is over. Network trouble or a
    // server error says nothing about the token, so the session is kept for the next attempt.
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      if (sessionStore.get().refreshToken === refreshToken) sessionStore.clear();
      throw sessionEndedError();
    }
    throw error;
  }
}

/** Our API's refresh route (built-in provider), or Cognito's token endpoint (AUTH=cognito). */
async function exchange(refreshToken: string): Promise<{ accessToken: string; refreshToken: string }> {
  const config = await loadAuthConfig();
  if (config.mode === 'cognito') {
    if (!config.hostedUi) throw sessionEndedError();
    return refreshCognitoTokens(config.hostedUi, refreshToken);
  }
  return apiRequest('/api/auth/refresh', TokensResponse, { method: 'POST', body: { refreshToken } });
}

/**
 * The access token to send now: the one in memory while it has more than a minute left, else a fresh one
 * (so tokens are renewed before they expire rather than after a refused request). When renewing fails for
 * a reason other than the session ending, a token that has not expired yet is still worth sending.
 */
export async function freshAccessToken(): Promise<string> {
  const token = sessionStore.get().accessToken;
  if (token && !expiresSoon(token)) return token;
  try {
    return await refreshSession(token);
  } catch (error) {
    const expiresAtMs = token ? tokenExpiresAtMs(token) : null;
    const sessionEnded = error instanceof ApiError && error.status === 401;
    if (!token || sessionEnded || expiresAtMs === null || expiresAtMs <= Date.now()) throw error;
    return token;
  }
}

async function withLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return task();
  return (await locks.request('diatonic.refresh-session', task)) as T;
}
