/**
 * The store-facing half of rate limiting: one counter item per key and window records how many of the
 * window's tokens have been handed out (leased) to processes, across every process and Lambda instance.
 * A lease is a conditional atomic add (`leased += n` only while `leased <= limit - n`), so the sum of
 * all leases never exceeds the limit, whatever the interleaving. When fewer than `n` tokens are left,
 * the caller gets what remains; when none are, it gets 0.
 */
import { ConditionFailedError, type ItemKey, type ItemStore } from '@diatonic/core';

export interface LeaseRequest {
  /** Tokens wanted (the block size); fewer may be granted near the end of the window's allowance. */
  want: number;
  /** Tokens in the whole window, for all processes together. */
  limit: number;
  /** Epoch seconds after which the counter item may disappear. */
  expiresAt: number;
}

export interface Lease {
  /** Tokens now owned by the caller (0: the window's allowance is used up). */
  granted: number;
  /** Tokens leased in this window by everyone, this lease included, as the store last said. */
  leasedTotal: number;
}

interface Counter {
  [field: string]: unknown;
  leased: number;
}

/** Enough for several processes racing for the last tokens of a window; each lost race means another won. */
const maxAttempts = 8;

export function rateLimitItemKey(bucket: string, windowStartSeconds: number): ItemKey {
  return { pk: `RATELIMIT#${bucket}`, sk: `W#${windowStartSeconds}` };
}

export async function leaseTokens(store: ItemStore, key: ItemKey, request: LeaseRequest): Promise<Lease> {
  const { limit, expiresAt } = request;
  let want = Math.min(request.want, limit);
  let leasedTotal = 0;
  for (let attempt = 0; attempt < maxAttempts && want > 0; attempt++) {
    try {
      const item = await store.update<Counter>(key, {
        add: { leased: want },
        expiresAt,
        // A missing counter fails this too (comparisons on a missing field are false): created below.
        condition: [{ kind: 'compare', field: 'leased', op: '<=', value: limit - want }],
      });
      return { granted: want, leasedTotal: item.data.leased };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
    const current = await store.get<Counter>(key);
    if (!current) {
      try {
        await store.put<Counter>({ ...key, data: { leased: want }, expiresAt }, { condition: [{ kind: 'notExists' }] });
        return { granted: want, leasedTotal: want };
      } catch (err) {
        if (!(err instanceof ConditionFailedError)) throw err;
        continue; // another process created it first: lease from it on the next attempt
      }
    }
    leasedTotal = typeof current.data.leased === 'number' ? current.data.leased : limit;
    want = Math.min(want, limit - leasedTotal);
  }
  // Used up, or still losing races after maxAttempts (others are draining the window): nothing granted,
  // which errs on the side of the limit.
  return { granted: 0, leasedTotal: Math.max(leasedTotal, limit) };
}
