/** The session as React state: re-renders when tokens or the active organisation change (in any tab). */
import { useSyncExternalStore } from 'react';
import { type SessionSnapshot, sessionStore } from '../../api/session-store.ts';

export interface Session extends SessionSnapshot {
  /** A refresh token (or an access token) is held; whether the server still accepts it shows on the next call. */
  isSignedIn: boolean;
}

export function useSession(): Session {
  const snapshot = useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
  return { ...snapshot, isSignedIn: snapshot.refreshToken !== null || snapshot.accessToken !== null };
}
