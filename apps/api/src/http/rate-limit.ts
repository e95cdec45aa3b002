/**
 * Fixed-window rate limiting on the ItemStore, so every process and every Lambda instance shares the
 * same counters: one item per key and window, incremented with an atomic `add` (never read-then-write)
 * and expired by TTL. Limited routes always carry `RateLimit-*` headers (IETF draft names); a request
 * over the limit gets 429 `rate_limited` with `Retry-After`.
 */
import { AppError, type Clock, type ItemKey, type ItemStore } from '@diatonic/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Logger } from './app-env.ts';
import { clientIp } from './client-ip.ts';

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
}

/** Per user once a user is known (identity sets `userId` before this runs), per IP for anonymous calls. */
export function rateLimitKeyOf(trustProxy: boolean) {
  return (c: Context<AppEnv>): string => {
    const userId = c.get('userId');
    return userId ? `user:${userId}` : `ip:${clientIp(c, trustProxy)}`;
  };
}

export function rateLimitItemKey(bucket: string, windowStartSeconds: number): ItemKey {
  return { pk: `RATELIMIT#${bucket}`, sk: `W#${windowStartSeconds}` };
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { store, clock, logger, requests, windowSeconds, keyOf, skip } = options;
  const policy = `${requests};w=${windowSeconds}`;
  return async (c, next) => {
    if (requests === 0 || skip?.(c.req.path)) return next();
    const nowSeconds = clock.nowMs() / 1000;
    const windowStart = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
    const windowEnd = windowStart + windowSeconds;
    const resetSeconds = Math.max(1, Math.ceil(windowEnd - nowSeconds));
    let count: number;
    try {
      const item = await store.update<{ count: number }>(rateLimitItemKey(keyOf(c), windowStart), {
        add: { count: 1 },
        // Kept a minute past its window so a slow clock on another instance still finds it.
        expiresAt: windowEnd + 60,
      });
      count = item.data.count;
    } catch (err) {
      // Fail open: a store outage already fails the routes that need it; probes and cheap reads should not.
      logger.warn({ err, requestId: c.get('requestId') }, 'rate limit store unavailable; request not counted');
      return next();
    }
    c.header('ratelimit-policy', policy);
    c.header('ratelimit-limit', String(requests));
    c.header('ratelimit-remaining', String(Math.max(0, requests - count)));
    c.header('ratelimit-reset', String(resetSeconds));
    if (count > requests) {
      c.header('retry-after', String(resetSeconds));
      throw AppError.rateLimited(resetSeconds * 1000, `Too many requests; retry in ${resetSeconds} s`);
    }
    return next();
  };
}
