/**
 * Our access tokens: ES256 JWTs that live 15 minutes, with Cognito's claim names so the API (and any
 * client) reads built-in and Cognito tokens the same way.
 */
import { randomBytes } from 'node:crypto';
import type { IdentityDeps } from './identity-deps.ts';
import { checkTimeClaims, decodeJwt, signJwt, verifyJwtSignature } from './jwt.ts';
import type { UserRecord } from './records.ts';
import { findVerificationKey, getActiveSigningKey, maxVerifiedTokens } from './signing-keys.ts';
import { audienceIncludes, groupsClaim, invalidToken, type VerifiedIdentity } from './verified-identity.ts';

/** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`. */
export const tokenLeewaySeconds = 30;

export async function issueAccessToken(
  deps: IdentityDeps,
  user: UserRecord,
): Promise<{ accessToken: string; accessTokenExpiresAtMs: number }> {
  const { kid, privateKey } = await getActiveSigningKey(deps);
  const iat = Math.floor(deps.clock.nowMs() / 1000);
  const exp = iat + deps.settings.accessTokenTtlSeconds;
  const claims = {
    sub: user.id,
    ...(user.email ? { email: user.email } : {}),
    token_use: 'access',
    iss: deps.settings.issuer,
    client_id: deps.settings.clientId,
    aud: deps.settings.clientId,
    'cognito:groups': user.platformRole ? [user.platformRole] : [],
    iat,
    exp,
    jti: randomBytes(16).toString('base64url'),
  };
  return {
    accessToken: signJwt({ alg: 'ES256', kid, typ: 'JWT' }, claims, privateKey),
    accessTokenExpiresAtMs: exp * 1000,
  };
}

/** Verifies one of our access tokens: signature by a published key, issuer, client, token use and time. */
export async function verifyBuiltInAccessToken(deps: IdentityDeps, token: string): Promise<VerifiedIdentity> {
  const cache = deps.keyCache.verifiedTokens;
  const known = typeof token === 'string' ? cache.get(token) : undefined;
  // A cached token still needs its key to be published (a key can leave the JWKS) and its time checked.
  if (known && (await findVerificationKey(deps, known.kid))) return identityOf(deps, known.claims, token);
  const decoded = typeof token === 'string' ? decodeJwt(token) : undefined;
  const kid = decoded?.header.alg === 'ES256' ? decoded.header.kid : undefined;
  if (!decoded || !kid) throw invalidToken('malformed');
  const jwk = await findVerificationKey(deps, kid);
  if (!jwk) throw invalidToken('unknown_key');
  if (!verifyJwtSignature(decoded, 'ES256', jwk)) throw invalidToken('signature');
  const { claims } = decoded;
  if (
    claims.iss !== deps.settings.issuer ||
    claims.token_use !== 'access' ||
    claims.client_id !== deps.settings.clientId ||
    (claims.aud !== undefined && !audienceIncludes(claims.aud, deps.settings.clientId)) ||
    typeof claims.sub !== 'string' ||
    claims.sub.length === 0 ||
    typeof claims.iat !== 'number'
  ) {
    throw invalidToken('claims');
  }
  const identity = identityOf(deps, claims, token);
  if (cache.size >= maxVerifiedTokens) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(token, { claims, kid });
  return identity;
}

/** Checks the time claims (on every use, cached or not) and maps the claims to who is calling. */
function identityOf(deps: IdentityDeps, claims: Record<string, unknown>, token: string): VerifiedIdentity {
  const timeProblem = checkTimeClaims(claims, deps.clock.nowMs(), tokenLeewaySeconds);
  if (timeProblem) {
    deps.keyCache.verifiedTokens.delete(token);
    throw invalidToken(timeProblem === 'not_yet_valid' ? 'not_yet_valid' : 'expired');
  }
  return {
    provider: 'builtin',
    sub: claims.sub as string,
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    groups: groupsClaim(claims['cognito:groups']),
    issuedAtMs: (claims.iat as number) * 1000,
  };
}
