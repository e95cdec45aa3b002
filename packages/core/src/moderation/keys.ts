/**
 * Every item key the moderation module writes. All are tenant-owned (partitions start with T#<orgId>).
 *
 *   T#<orgId>#MOD  / WORDS                              the organisation's word list and built-in action
 *   T#<orgId>#MOD  / RATE#<userId>#<kind>#<yyyy-mm-dd>  posts or comments created that day (TTL 2 days)
 *   T#<orgId>#MOD  / FP#<userId>#<sha256>               fingerprint of recent content (TTL 24 h)
 *   T#<orgId>#MOD  / FLAG#<kind>#<contentId>#<userId>   one member's flag on one item (idempotency)
 *   T#<orgId>#MOD  / TALLY#<kind>#<contentId>           weighted sum of the flags since the last approval
 *   T#<orgId>#MOD  / OPEN#<kind>#<contentId>            the pending queue item of that content, if any
 *   T#<orgId>#MOD  / STANDING#<userId>                  upheld flags, removals and warnings of a member
 *   T#<orgId>#MOD  / SEEN#<userId>                      when moderation first reviewed the member's content
 *   T#<orgId>#MODQ / ITEM#<itemId>                      a queue item; gsi1 T#<orgId>#MODQ#<PENDING|DONE> / itemId
 */
import type { ItemKey } from '../ports/item-store.ts';
import type { ModeratedKind } from './moderation-target.ts';

export const modPartition = (orgId: string) => `T#${orgId}#MOD`;
export const queuePartition = (orgId: string) => `T#${orgId}#MODQ`;
const ratePrefix = (userId: string) => `RATE#${userId}#`;
const fingerprintPrefix = (userId: string) => `FP#${userId}#`;

export const wordListKey = (orgId: string): ItemKey => ({ pk: modPartition(orgId), sk: 'WORDS' });

export const rateKey = (orgId: string, userId: string, kind: ModeratedKind, day: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `${ratePrefix(userId)}${kind}#${day}`,
});

export const fingerprintKey = (orgId: string, userId: string, hash: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `${fingerprintPrefix(userId)}${hash}`,
});

export const flagKey = (orgId: string, kind: ModeratedKind, contentId: string, userId: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `FLAG#${kind}#${contentId}#${userId}`,
});
export const flagPrefix = (kind: ModeratedKind, contentId: string) => `FLAG#${kind}#${contentId}#`;
export const flagPartition = modPartition;

export const tallyKey = (orgId: string, kind: ModeratedKind, contentId: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `TALLY#${kind}#${contentId}`,
});

export const openCaseKey = (orgId: string, kind: ModeratedKind, contentId: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `OPEN#${kind}#${contentId}`,
});

export const standingKey = (orgId: string, userId: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `STANDING#${userId}`,
});

export const firstSeenKey = (orgId: string, userId: string): ItemKey => ({
  pk: modPartition(orgId),
  sk: `SEEN#${userId}`,
});

/** Sort-key prefixes of what moderation keeps about one member: standing, first review, rates, fingerprints. */
export const memberRecordPrefixes = (orgId: string, userId: string) => [
  standingKey(orgId, userId).sk,
  firstSeenKey(orgId, userId).sk,
  ratePrefix(userId),
  fingerprintPrefix(userId),
];

export type QueueState = 'pending' | 'done';

export const queueItemKey = (orgId: string, itemId: string): ItemKey => ({
  pk: queuePartition(orgId),
  sk: `ITEM#${itemId}`,
});

export const queueIndexPartition = (orgId: string, state: QueueState) =>
  `T#${orgId}#MODQ#${state === 'pending' ? 'PENDING' : 'DONE'}`;

export const queueIndex = (orgId: string, state: QueueState, itemId: string) => ({
  gsi1pk: queueIndexPartition(orgId, state),
  gsi1sk: itemId,
});
