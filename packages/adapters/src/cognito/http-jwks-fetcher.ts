/**
 * Fetches a JSON Web Key Set over HTTP for `createCognitoVerifier`: a bounded wait (an unreachable IdP
 * must not hang requests; the verifier keeps its stale keys meanwhile), a bounded body, and a shape check.
 */
import type { JsonWebKeySet } from '@diatonic/core/identity';

export interface HttpJwksFetcherOptions {
  /** Fetch from here instead of the URL the verifier asks for (tests, a private mirror). */
  urlOverride?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export function createHttpJwksFetcher(options: HttpJwksFetcherOptions = {}): (url: string) => Promise<JsonWebKeySet> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return async (url) => {
    const target = options.urlOverride ?? url;
    const response = await fetch(target, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`JWKS fetch from ${target} answered ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new Error(`JWKS from ${target} is larger than ${maxBytes} bytes`);
    const text = await response.text();
    if (Buffer.byteLength(text) > maxBytes) throw new Error(`JWKS from ${target} is larger than ${maxBytes} bytes`);
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== 'object' || !Array.isArray((body as JsonWebKeySet).keys)) {
      throw new Error(`JWKS from ${target} has no keys array`);
    }
    return body as JsonWebKeySet;
  };
}
