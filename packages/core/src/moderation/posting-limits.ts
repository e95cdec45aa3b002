/**
 * The two checks of review that keep state: the author's posts or comments per day (an atomic counter
 * with a TTL) and the fingerprints of their recent content (duplicate check). Both are taken only once
 * every stateless check has passed, and given back when a later check refuses, so a rejected text
 * leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { ConditionFailedError } from '../shared/errors.ts';
import { fingerprintKey, rateKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import type { ModeratedKind } from './moderation-target.ts';
import type { FingerprintRecord } from './records.ts';

const dayMs = 86_400_000;

export interface RateSlot {
  /** Gives the slot back (the content was refused after all). */
  release(): Promise<void>;
}

/**
 * Takes one of today's (UTC) slots, or returns null when `limit` are taken. The add is atomic, so
 * concurrent posts can never exceed the limit; one that overshoots takes its add back at once.
 */
export async function takeRateSlot(
  deps: ModerationDeps,
  orgId: string,
  userId: string,
  kind: ModeratedKind,
  limit: number,
): Promise<RateSlot | null> {
  const nowMs = deps.clock.nowMs();
  const day = new Date(nowMs).toISOString().slice(0, 10);
  const key = rateKey(orgId, userId, kind, day);
  const expiresAt = Math.ceil((Date.parse(`${day}T00:00:00Z`) + 2 * dayMs) / 1000);
  const slot: RateSlot = {
    release: async () => {
      await deps.store.update<{ count: number }>(key, { add: { count: -1 } });
    },
  };
  if (limit < 1) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // Conditional, so a refusal writes nothing and concurrent posts never exceed the limit.
      await deps.store.update<{ count: number }>(key, {
        add: { count: 1 },
        condition: [{ kind: 'compare', field: 'count', op: '<', value: limit }],
      });
      return slot;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    if (await deps.store.get(key)) return null;
    try {
      await deps.store.put({ ...key, data: { count: 1 }, expiresAt }, { condition: [{ kind: 'notExists' }] });
      return slot;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  return null;
}

/** Case, whitespace, punctuation and Markdown decoration do not make a text new. */
export function normaliseForFingerprint(title: string | undefined, text: string): string {
  return `${title ?? ''} ${text}`
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface FingerprintClaim {
  release(): Promise<void>;
}

/**
 * Records the fingerprint of this text for the author. Returns null when the author posted the same
 * text as another item within the window (a duplicate). An edit of the same item (same id) is not a
 * duplicate of itself.
 */
export function fingerprintOf(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/** Read-only: whether this text duplicates the author's recent content (another item's). */
export async function isDuplicate(
  deps: ModerationDeps,
  orgId: string,
  userId: string,
  normalised: string,
  contentId: string | undefined,
): Promise<boolean> {
  if (normalised.length < deps.settings.duplicateMinChars) return false;
  const existing = await deps.store.get<FingerprintRecord>(fingerprintKey(orgId, userId, fingerprintOf(normalised)));
  return existing !== undefined && !(contentId && existing.data.contentId === contentId);
}

export async function claimFingerprint(
  deps: ModerationDeps,
  orgId: string,
  userId: string,
  normalised: string,
  contentId: string | undefined,
): Promise<FingerprintClaim | 'duplicate' | 'too_short'> {
  if (normalised.length < deps.settings.duplicateMinChars) return 'too_short';
  const hash = fingerprintOf(normalised);
  const key = fingerprintKey(orgId, userId, hash);
  const nowMs = deps.clock.nowMs();
  const data: FingerprintRecord = { contentId: contentId ?? null, at: new Date(nowMs).toISOString() };
  const expiresAt = Math.ceil((nowMs + deps.settings.duplicateWindowMs) / 1000);
  try {
    await deps.store.put<FingerprintRecord>({ ...key, data, expiresAt }, { condition: [{ kind: 'notExists' }] });
    return { release: async () => void (await deps.store.delete(key)) };
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  const existing = await deps.store.get<FingerprintRecord>(key);
  // Only an edit of the very item that left this fingerprint is the same content.
  if (existing && contentId && existing.data.contentId === contentId) return { release: async () => {} };
  if (!existing) return claimFingerprint(deps, orgId, userId, normalised, contentId);
  return 'duplicate';
}
