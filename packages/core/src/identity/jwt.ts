/**
 * Compact JWS (JWT) encoding, signing and signature checks with node:crypto only. Claim checks
 * (issuer, audience, expiry) belong to the verifiers, which know what they expect.
 */
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export type JwtAlgorithm = 'ES256' | 'RS256';

export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
}

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  claims: JwtClaims;
  signingInput: string;
  signature: Buffer;
}

const maxTokenLength = 16 * 1024;

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('not base64url');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits and parses a token without trusting it; undefined when it is not a well-formed JWS. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  if (token.length > maxTokenLength) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  try {
    const header = decodeJson(headerPart);
    const claims = decodeJson(claimsPart);
    if (!isObject(header) || !isObject(claims) || typeof header.alg !== 'string') return undefined;
    if (header.kid !== undefined && typeof header.kid !== 'string') return undefined;
    if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) return undefined;
    return {
      header: header as unknown as JwtHeader,
      claims,
      signingInput: `${headerPart}.${claimsPart}`,
      signature: Buffer.from(signaturePart, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export function signJwt(header: JwtHeader, claims: JwtClaims, privateKey: KeyObject): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature =
    header.alg === 'ES256'
      ? sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Checks the signature with a public JWK. The algorithm comes from the caller's allow-list and must
 * match the key type, never from the token alone (no `none`, no RS/HS confusion).
 */
export function verifyJwtSignature(
  decoded: DecodedJwt,
  algorithm: JwtAlgorithm,
  publicJwk: Record<string, unknown>,
): boolean {
  if (decoded.header.alg !== algorithm) return false;
  const expectedKty = algorithm === 'ES256' ? 'EC' : 'RSA';
  if (publicJwk.kty !== expectedKty) return false;
  if (algorithm === 'ES256' && publicJwk.crv !== 'P-256') return false;
  if (typeof publicJwk.alg === 'string' && publicJwk.alg !== algorithm) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    return false;
  }
  const data = Buffer.from(decoded.signingInput);
  if (algorithm === 'ES256') {
    if (decoded.signature.length !== 64) return false;
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, decoded.signature);
  }
  return verify('sha256', data, key, decoded.signature);
}

export type TimeClaimProblem = 'expired' | 'not_yet_valid' | 'missing_exp';

/** Checks `exp` (required), `nbf` and `iat` against now with a leeway in seconds. */
export function checkTimeClaims(claims: JwtClaims, nowMs: number, leewaySeconds: number): TimeClaimProblem | undefined {
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number') return 'missing_exp';
  if (now > claims.exp + leewaySeconds) return 'expired';
  if (typeof claims.nbf === 'number' && now + leewaySeconds < claims.nbf) return 'not_yet_valid';
  if (typeof claims.iat === 'number' && now + leewaySeconds < claims.iat) return 'not_yet_valid';
  return undefined;
}
