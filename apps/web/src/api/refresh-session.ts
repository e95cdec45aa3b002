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
import { apiRequest } from './client.ts';
import { sessionStore } from './session-store.ts';

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
    const tokens = await apiRequest('/api/auth/refresh', TokensResponse, {
      method: 'POST',
      body: { refreshToken },
    });
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

async function withLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return task();
  return (await locks.request('diatonic.refresh-session', task)) as T;
}
