/**
 * PKCE (RFC 7636) and `state` for the authorization code flow: a fresh random verifier per sign-in,
 * its S256 challenge, and an unguessable state that ties the callback to the sign-in this tab started.
 * Web Crypto only (browsers and Node 20 both have it).
 */

/** base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `byteCount` random bytes as base64url: 32 bytes give 43 characters, within PKCE's 43–128. */
export function randomUrlSafe(byteCount = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** A code verifier: 43 characters of the unreserved set, 256 bits of entropy. */
export function createCodeVerifier(): string {
  return randomUrlSafe(32);
}

const verifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

/** `code_challenge` for `code_challenge_method=S256`: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  if (!verifierPattern.test(verifier)) throw new Error('A PKCE code verifier is 43-128 unreserved characters');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Compares the returned state with the stored one without an early exit on the first differing character. */
export function sameState(expected: string, actual: string | null): boolean {
  if (actual === null || expected.length === 0 || actual.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ actual.charCodeAt(i);
  return difference === 0;
}
