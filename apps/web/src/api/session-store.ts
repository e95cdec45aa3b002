/**
 * Where the browser keeps the session: the access token in memory only, the refresh token and the active
 * organisation in localStorage.
 *
 * Trade-off of the refresh token in localStorage: it survives reloads and is shared by tabs, but any script
 * running on this origin (an XSS bug, a compromised dependency) can read it. An httpOnly cookie would hide
 * it from scripts, but the agreed API takes the refresh token in the JSON body and has no CSRF protection
 * for cookies, so a cookie would trade one risk for another. What limits the damage here: user markdown
 * is shown only after DOMPurify (community's also after the server's sanitiser; React escapes all other
 * text); the web app's Content-Security-Policy (@diatonic/core's webContentSecurityPolicy) runs only the
 * app's own script files, so injected markup cannot run code; refresh tokens rotate on every use and a
 * reused one revokes its whole family; and logging out or changing the password revokes them. The access
 * token (15 minutes) stays in memory and never touches storage at all.
 */

const refreshTokenKey = 'diatonic.refreshToken';
const activeOrganizationKey = 'diatonic.activeOrganizationId';

export interface SessionSnapshot {
  /** Kept in memory only: gone after a reload, then fetched again with the refresh token. */
  accessToken: string | null;
  refreshToken: string | null;
  activeOrganizationId: string | null;
}

type Listener = () => void;

const listeners = new Set<Listener>();
let snapshot: SessionSnapshot = {
  accessToken: null,
  refreshToken: readStorage(refreshTokenKey) ?? null,
  activeOrganizationId: readStorage(activeOrganizationKey) ?? null,
};

/** The stored value, or undefined when there is no usable storage (then memory is the only copy). */
function readStorage(key: string): string | null | undefined {
  try {
    const storage = globalThis.localStorage;
    return storage ? storage.getItem(key) : undefined;
  } catch {
    // Storage can be disabled (privacy settings); the session then lasts as long as the page.
    return undefined;
  }
}

function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    // See readStorage.
  }
}

function update(next: Partial<SessionSnapshot>): void {
  snapshot = { ...snapshot, ...next };
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get(): SessionSnapshot {
    return snapshot;
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** After sign-up, log-in, refresh or a password change. */
  setTokens(accessToken: string, refreshToken: string): void {
    writeStorage(refreshTokenKey, refreshToken);
    update({ accessToken, refreshToken });
  },

  /** Re-reads the refresh token another tab may have rotated (see refreshSession). */
  reloadRefreshToken(): string | null {
    const refreshToken = readStorage(refreshTokenKey);
    if (refreshToken === undefined) return snapshot.refreshToken;
    if (refreshToken !== snapshot.refreshToken) update({ refreshToken, accessToken: null });
    return refreshToken;
  },

  setActiveOrganization(organizationId: string | null): void {
    if (organizationId === snapshot.activeOrganizationId) return;
    writeStorage(activeOrganizationKey, organizationId);
    update({ activeOrganizationId: organizationId });
  },

  /** Logout, account deletion, or a refresh the server refused. */
  clear(): void {
    writeStorage(refreshTokenKey, null);
    writeStorage(activeOrganizationKey, null);
    update({ accessToken: null, refreshToken: null, activeOrganizationId: null });
  },
};

// Another tab logged out, logged in as someone else, or switched organisation: follow it, so two tabs never
// act as different users with one stored refresh token.
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key === refreshTokenKey) update({ refreshToken: event.newValue, accessToken: null });
  else if (event.key === activeOrganizationKey) update({ activeOrganizationId: event.newValue });
  else if (event.key === null) update({ accessToken: null, refreshToken: null, activeOrganizationId: null });
});
