/**
 * Verifies Amazon Cognito user-pool tokens (AUTH=cognito): RS256 signature by a key of the pool's JWKS,
 * issuer, client (`client_id` for access tokens, `aud` for id tokens), `token_use`, and time claims.
 * The JWKS comes through the injected `fetchJwks` (the API passes an HTTP fetcher), so core does no I/O.
 */
import { type Clock, systemClock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { checkTimeClaims, decodeJwt, verifyJwtSignature } from './jwt.ts';
import { type AccessTokenVerifier, audienceIncludes, groupsClaim, invalidToken } from './verified-identity.ts';

export interface JsonWebKeySet {
  keys: Record<string, unknown>[];
}

export interface CognitoVerifierOptions {
  region: string;
  userPoolId: string;
  clientId: string;
  /** Fetches `<issuer>/.well-known/jwks.json`; receives that URL. */
  fetchJwks: (url: string) => Promise<JsonWebKeySet>;
  clock?: Clock;
  /** Which token kinds the API accepts; both by default. */
  tokenUses?: ('access' | 'id')[];
  leewaySeconds?: number;
  /** Keys are read again after this long even without an unknown `kid`. */
  jwksMaxAgeMs?: number;
  /** An unknown `kid` triggers at most one refetch per this interval, so forged tokens cannot flood the IdP. */
  unknownKidRefetchIntervalMs?: number;
}

export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export function createCognitoVerifier(options: CognitoVerifierOptions): AccessTokenVerifier {
  const clock = options.clock ?? systemClock;
  const issuer = cognitoIssuer(options.region, options.userPoolId);
  const jwksUrl = `${issuer}/.well-known/jwks.json`;
  const tokenUses = options.tokenUses ?? ['access', 'id'];
  const leewaySeconds = options.leewaySeconds ?? 30;
  const maxAgeMs = options.jwksMaxAgeMs ?? 60 * 60 * 1000;
  const refetchIntervalMs = options.unknownKidRefetchIntervalMs ?? 30 * 1000;

  let keys = new Map<string, Record<string, unknown>>();
  let fetchedAtMs = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  function refetch(): Promise<void> {
    // Concurrent requests with the same new kid share one fetch.
    inFlight ??= (async () => {
      try {
        const jwks = await options.fetchJwks(jwksUrl);
        if (!jwks || !Array.isArray(jwks.keys)) throw new Error('JWKS has no keys array');
        keys = new Map(
          jwks.keys
            .filter((key) => typeof key === 'object' && key !== null && typeof key.kid === 'string')
            .map((key) => [key.kid as string, key]),
        );
        fetchedAtMs = clock.nowMs();
      } catch (error) {
        // Stale keys keep working while the IdP is unreachable; with none at all nobody can be verified.
        if (keys.size === 0) {
          throw new AppError('upstream_failed', 'Could not fetch the identity provider keys', { cause: error });
        }
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  async function keyFor(kid: string): Promise<Record<string, unknown> | undefined> {
    const ageMs = clock.nowMs() - fetchedAtMs;
    if (ageMs >= maxAgeMs || (!keys.has(kid) && ageMs >= refetchIntervalMs)) await refetch();
    return keys.get(kid);
  }

  return async (token) => {
    const decoded = typeof token === 'string' ? decodeJwt(token) : undefined;
    const kid = decoded?.header.alg === 'RS256' ? decoded.header.kid : undefined;
    if (!decoded || !kid) throw invalidToken('malformed');
    const jwk = await keyFor(kid);
    if (!jwk) throw invalidToken('unknown_key');
    if (!verifyJwtSignature(decoded, 'RS256', jwk)) throw invalidToken('signature');
    const { claims } = decoded;
    const tokenUse = claims.token_use;
    const clientMatches =
      tokenUse === 'access'
        ? claims.client_id === options.clientId
        : tokenUse === 'id'
          ? audienceIncludes(claims.aud, options.clientId)
          : false;
    if (
      claims.iss !== issuer ||
      !tokenUses.includes(tokenUse as 'access' | 'id') ||
      !clientMatches ||
      typeof claims.sub !== 'string' ||
      claims.sub.length === 0
    ) {
      throw invalidToken('claims');
    }
    const timeProblem = checkTimeClaims(claims, clock.nowMs(), leewaySeconds);
    if (timeProblem) throw invalidToken(timeProblem === 'not_yet_valid' ? 'not_yet_valid' : 'expired');
    return {
      provider: 'cognito',
      sub: claims.sub,
      // An unverified address must not be able to accept an invitation sent to its real owner.
      ...(typeof claims.email === 'string' && (claims.email_verified === true || claims.email_verified === 'true')
        ? { email: claims.email }
        : {}),
      groups: groupsClaim(claims['cognito:groups']),
      ...(typeof claims.iat === 'number' ? { issuedAtMs: claims.iat * 1000 } : {}),
    };
  };
}
