/** What a token verifier proves about the caller; `resolveActor` turns it into an Actor using our records. */
import { AppError } from '../shared/errors.ts';

export type IdentityProvider = 'builtin' | 'cognito';

export interface VerifiedIdentity {
  provider: IdentityProvider;
  /** Our user id for `builtin`; the provider's subject for `cognito`. */
  sub: string;
  email?: string;
  /** `cognito:groups` as carried by the token; informational only, roles come from our records. */
  groups: string[];
  /** `iat` in epoch ms, so tokens issued before a password change can be refused. */
  issuedAtMs?: number;
}

/** A verifier as the API sees it: built-in and Cognito modes are interchangeable. */
export type AccessTokenVerifier = (token: string) => Promise<VerifiedIdentity>;

export type TokenRejection = 'malformed' | 'signature' | 'claims' | 'expired' | 'not_yet_valid' | 'unknown_key';

/** One message for every rejection; the reason is a detail that lets clients know when refreshing helps. */
export function invalidToken(reason: TokenRejection): AppError {
  return new AppError('unauthenticated', 'The access token is invalid or has expired', { details: { reason } });
}

export function groupsClaim(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((group): group is string => typeof group === 'string') : [];
}

/** `aud` may be a string or an array (RFC 7519 §4.1.3). */
export function audienceIncludes(aud: unknown, expected: string): boolean {
  return aud === expected || (Array.isArray(aud) && aud.includes(expected));
}
