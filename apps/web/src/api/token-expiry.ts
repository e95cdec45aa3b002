/**
 * When a JWT expires, read from its `exp` claim without verifying it (the server verifies; the browser
 * only decides whether to refresh before sending). Lets both sign-in modes refresh ahead of expiry
 * instead of spending a request on a 401.
 */

/** Refresh when less than this is left, so a token never expires on its way to the server. */
export const refreshAheadMs = 60_000;

export function tokenExpiresAtMs(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** True when the token expires within `marginMs` (tokens without a readable `exp` are left to the server). */
export function expiresSoon(token: string, nowMs = Date.now(), marginMs = refreshAheadMs): boolean {
  const expiresAtMs = tokenExpiresAtMs(token);
  return expiresAtMs !== null && expiresAtMs - nowMs < marginMs;
}
