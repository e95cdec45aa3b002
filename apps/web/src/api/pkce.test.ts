/** PKCE and state helpers: RFC 7636's own example, the verifier's alphabet and length, state comparison. */
import { describe, expect, it } from 'vitest';
import { base64Url, codeChallengeS256, createCodeVerifier, randomUrlSafe, sameState } from './pkce.ts';
import { expiresSoon, tokenExpiresAtMs } from './token-expiry.ts';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43 unreserved characters, different every time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => createCodeVerifier()));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses verifiers PKCE does not allow', async () => {
    await expect(codeChallengeS256('too-short')).rejects.toThrow(/43-128/);
    await expect(codeChallengeS256(`${'a'.repeat(42)} `)).rejects.toThrow(/43-128/);
  });

  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64Url(new Uint8Array([1]))).toBe('AQ');
    expect(randomUrlSafe(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('state', () => {
  it('matches only the identical state', () => {
    const state = randomUrlSafe();
    expect(sameState(state, state)).toBe(true);
    expect(sameState(state, `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(sameState(state, state.slice(1))).toBe(false);
    expect(sameState(state, null)).toBe(false);
    expect(sameState('', '')).toBe(false);
  });
});

describe('token expiry', () => {
  const token = (claims: Record<string, unknown>) =>
    `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it('reads exp and says when less than a minute is left', () => {
    const nowMs = 1_800_000_000_000;
    const exp = nowMs / 1000 + 90;
    expect(tokenExpiresAtMs(token({ exp }))).toBe(exp * 1000);
    expect(expiresSoon(token({ exp }), nowMs)).toBe(false);
    expect(expiresSoon(token({ exp }), nowMs + 31_000)).toBe(true);
  });

  it('leaves tokens without a readable exp to the server', () => {
    expect(expiresSoon('opaque', Date.now())).toBe(false);
    expect(expiresSoon(token({ sub: 'x' }), Date.now())).toBe(false);
    expect(expiresSoon('a.%%%.b', Date.now())).toBe(false);
  });
});
