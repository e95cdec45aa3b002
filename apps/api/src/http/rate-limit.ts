/**
 * Fixed-window rate limiting shared by every process and Lambda instance, without a store write per
 * request: each process leases a small block of a window's tokens from the key's counter item
 * (rate-limit-lease.ts; a conditional atomic add, so all leases together never exceed the limit) and
 * serves requests from that block in memory until it is used up or the window rolls.
 *
 * The trade-off: a process keeps the unused tokens of its block until the window ends, so with N
 * processes serving one key the effective limit can be lower by at most (N - 1) × block, never higher.
 * Blocks are small relative to the limit (1/20 by default, at least 1), and with one process the
 * limit and the RateLimit-Remaining countdown are exact. Across processes Remaining is this process's
 * view: the window's unleased tokens plus its own unused ones.
 *
 * Limited routes always carry `RateLimit-*` headers (IETF draft names); a request over the limit gets
 * 429 `rate_limited` with `Retry-After`.
 */
import { AppError, type Clock, type ItemStore } from '@diatonic/core';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv, Logger } from './app-env.ts';
import { clientIp } from './client-ip.ts';
import { leaseTokens, rateLimitItemKey } from './rate-limit-lease.ts';
import { requestIdOf } from './request-frame.ts';
import { setResponseHeader } from './response-header.ts';

export interface RateLimitOptions {
  store: ItemStore;
  clock: Clock;
  logger: Logger;
  /** Requests allowed per key in one window; 0 turns limiting off. */
  requests: number;
  windowSeconds: number;
  /** The bucket a request counts against. */
  keyOf: (c: Context<AppEnv>) => string;
  /** Paths that are never limited (probes, docs). */
  skip?: (path: string) => boolean;
  /** Tokens leased from the store at a time; defaults to max(1, floor(requests / 20)). */
  leaseSize?: number;
}

/** Per user once a user is known (identity sets `userId` before this runs), per IP for anonymous calls. */
export function rateLimitKeyOf(trustProxy: boolean) {
  return (c: Context<AppEnv>): string => {
    const userId = c.get('userId');
    return userId ? `user:${userId}` : `ip:${clientIp(c, trustProxy)}`;
  };
}

/** This process's share of one key's current window. */
interface LocalBucket {
  /** Leased tokens not yet spent. */
  tokens: number;
  /** The store's leased total at our last lease. */
  leasedTotal: number;
  /** The store said the window's allowance is gone: answer 429 without asking again. */
  exhausted: boolean;
  /** The lease in flight, shared by every request of this key waiting for tokens. */
  refill?: Promise<void>;
}

// Buckets only ever hold the current window, so this caps memory under a flood of distinct keys.
// Dropping buckets loses leased tokens (a lower limit for the rest of the window), never raises it.
const maxBuckets = 100_000;

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { store, clock, logger, requests, windowSeconds, keyOf, skip } = options;
  const leaseSize = Math.max(1, Math.min(requests, options.leaseSize ?? Math.floor(requests / 20)));
  const policy = `${requests};w=${windowSeconds}`;
  const limitHeader = String(requests);
  let buckets = new Map<string, LocalBucket>();
  let bucketsWindow = Number.NaN;

  const refill = async (bucket: LocalBucket, key: string, windowStart: number, windowEnd: number) => {
    const lease = await leaseTokens(store, rateLimitItemKey(key, windowStart), {
      want: leaseSize,
      limit: requests,
      // Kept a minute past its window so a slow clock on another instance still finds it.
      expiresAt: windowEnd + 60,
    });
    bucket.tokens += lease.granted;
    bucket.leasedTotal = Math.max(bucket.leasedTotal, lease.leasedTotal);
    if (lease.granted === 0) bucket.exhausted = true;
  };

  // Each refill grants at least one token or marks the bucket exhausted, so this loop ends; it repeats
  // only when requests that waited on the same refill took its tokens first.
  const leaseUntilDecided = async (bucket: LocalBucket, key: string, windowStart: number, windowEnd: number) => {
    while (bucket.tokens === 0 && !bucket.exhausted) {
      const current = bucket;
      current.refill ??= refill(current, key, windowStart, windowEnd).finally(() => {
        current.refill = undefined;
      });
      await current.refill;
    }
  };

  const decide = (c: Context<AppEnv>, next: Next, bucket: LocalBucket, resetSeconds: number) => {
    setResponseHeader(c, 'ratelimit-policy', policy);
    setResponseHeader(c, 'ratelimit-limit', limitHeader);
    setResponseHeader(c, 'ratelimit-reset', String(resetSeconds));
    if (bucket.tokens === 0) {
      setResponseHeader(c, 'ratelimit-remaining', '0');
      setResponseHeader(c, 'retry-after', String(resetSeconds));
      throw AppError.rateLimited(resetSeconds * 1000, `Too many requests; retry in ${resetSeconds} s`);
    }
    bucket.tokens--;
    setResponseHeader(c, 'ratelimit-remaining', String(Math.max(0, requests - bucket.leasedTotal + bucket.tokens)));
    return next();
  };

  return (c, next) => {
    if (requests === 0 || skip?.(c.req.path)) return next();
    const nowSeconds = clock.nowMs() / 1000;
    const windowStart = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
    const windowEnd = windowStart + windowSeconds;
    const resetSeconds = Math.max(1, Math.ceil(windowEnd - nowSeconds));
    if (windowStart !== bucketsWindow || buckets.size >= maxBuckets) {
      buckets = new Map();
      bucketsWindow = windowStart;
    }
    const key = keyOf(c);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: 0, leasedTotal: 0, exhausted: false };
      buckets.set(key, bucket);
    }
    // Most requests find tokens in their bucket and are decided without an await.
    if (bucket.tokens > 0 || bucket.exhausted) return decide(c, next, bucket, resetSeconds);
    const waiting = bucket;
    return leaseUntilDecided(waiting, key, windowStart, windowEnd).then(
      () => decide(c, next, waiting, resetSeconds),
      (err: unknown) => {
        // Fail open: a store outage already fails the routes that need it; probes and cheap reads should not.
        logger.warn({ err, requestId: requestIdOf(c) }, 'rate limit store unavailable; request not counted');
        return next();
      },
    );
  };
}
