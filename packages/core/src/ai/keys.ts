/**
 * Every item key the AI gateway writes. All are tenant-owned: each partition starts with T#<orgId>.
 *
 *   T#<orgId>            / AI#LIMITS                        stored limit overrides and ceilings
 *   T#<orgId>            / AI#CTR#ORG#M#<yyyy-mm>           month spend (committed micro-USD)
 *   T#<orgId>            / AI#CTR#ORG#D#<yyyy-mm-dd>        day tokens
 *   T#<orgId>            / AI#CTR#ORG#MIN#<yyyy-mm-ddThh:mm> minute requests and tokens
 *   T#<orgId>            / AI#CTR#U#<userId>#M|D|MIN#…      the same counters for one user
 *   T#<orgId>            / AI#ALERT#<yyyy-mm>#<percent>     marker: this budget alert was sent
 *   T#<orgId>#AI_CACHE   / <sha256 of the request>          a cached response (with TTL)
 *   T#<orgId>#AI_USAGE   / <ISO time>#<usageId>             one ledger entry per call
 *
 * Counters hold `committed` = settled spend + open reservations, so one conditional add decides.
 */
import type { ItemKey } from '../ports/item-store.ts';

const orgPartition = (orgId: string) => `T#${orgId}`;

export const aiLimitsKey = (orgId: string): ItemKey => ({ pk: orgPartition(orgId), sk: 'AI#LIMITS' });

export type CounterScope = { kind: 'org' } | { kind: 'user'; userId: string };
export type CounterPeriod = 'M' | 'D' | 'MIN';

/** The sort-key prefix of one user's counters in the organisation's partition. */
export const aiUserCounterPrefix = (userId: string) => `AI#CTR#U#${userId}#`;

export const aiCounterKey = (orgId: string, scope: CounterScope, period: CounterPeriod, label: string): ItemKey => ({
  pk: orgPartition(orgId),
  sk: `${scope.kind === 'org' ? 'AI#CTR#ORG#' : aiUserCounterPrefix(scope.userId)}${period}#${label}`,
});

/** The organisation's own partition (limits, counters, alert markers), shared with identity's records. */
export const aiOrgPartition = orgPartition;

export const aiAlertKey = (orgId: string, month: string, percent: number): ItemKey => ({
  pk: orgPartition(orgId),
  sk: `AI#ALERT#${month}#${percent}`,
});

export const aiCachePartition = (orgId: string) => `T#${orgId}#AI_CACHE`;
export const aiCacheKey = (orgId: string, hash: string): ItemKey => ({ pk: aiCachePartition(orgId), sk: hash });

export const aiUsagePartition = (orgId: string) => `T#${orgId}#AI_USAGE`;
export const aiUsageKey = (orgId: string, atIso: string, usageId: string): ItemKey => ({
  pk: aiUsagePartition(orgId),
  sk: `${atIso}#${usageId}`,
});
