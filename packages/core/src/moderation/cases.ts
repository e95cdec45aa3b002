/**
 * Opening queue items ("cases"). Content has at most one pending case: an OPEN pointer per content,
 * written in the same transaction as the item, makes a second opening (a flag crossing the threshold
 * on held content, a retried recordHeld) add its reasons to the existing case instead.
 */
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { openCaseKey, queueIndex, queueItemKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import type { ContentForReview, ModeratedKind, ModerationSignal } from './moderation-target.ts';
import type { QueueItemRecord } from './records.ts';

export interface OpenCaseInput {
  organizationId: string;
  kind: ModeratedKind;
  contentId: string;
  authorId: string;
  source: QueueItemRecord['source'];
  reasons: string[];
  signals: ModerationSignal[];
}

const maxReasons = 20;
const maxSignals = 50;

const merged = <T>(a: T[], b: T[], max: number, same: (x: T, y: T) => boolean) =>
  [...a, ...b.filter((y) => !a.some((x) => same(x, y)))].slice(0, max);

async function addToCase(deps: ModerationDeps, input: OpenCaseInput, itemId: string): Promise<string | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await deps.store.get<QueueItemRecord>(queueItemKey(input.organizationId, itemId));
    if (!item || item.data.status !== 'pending') return null;
    const reasons = merged(item.data.reasons, input.reasons, maxReasons, (x, y) => x === y);
    const signals = merged(
      item.data.signals,
      input.signals,
      maxSignals,
      (x, y) => x.check === y.check && x.detail === y.detail,
    );
    // Nothing new (another flag past the threshold, a retried recordHeld): no write, no contention.
    if (reasons.length === item.data.reasons.length && signals.length === item.data.signals.length) return itemId;
    try {
      await deps.store.update<QueueItemRecord>(queueItemKey(input.organizationId, itemId), {
        set: { reasons, signals, updatedAt: isoAt(deps.clock.nowMs()) },
        condition: [{ kind: 'versionEquals', version: item.version }],
      });
      return itemId;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw AppError.conflict('The queue item kept changing; try again');
}

/** Opens a pending case for the content, or adds to the one already open. Returns the item id. */
export async function openCase(deps: ModerationDeps, input: OpenCaseInput): Promise<string> {
  return (await openOrJoinCase(deps, input)).itemId;
}

/** Like openCase, and says whether this call opened it (exactly one of concurrent callers does). */
export async function openOrJoinCase(
  deps: ModerationDeps,
  input: OpenCaseInput,
): Promise<{ itemId: string; opened: boolean }> {
  const { organizationId: orgId, kind, contentId } = input;
  for (let attempt = 0; attempt < 5; attempt++) {
    const pointer = await deps.store.get<{ itemId: string }>(openCaseKey(orgId, kind, contentId));
    if (pointer) {
      const added = await addToCase(deps, input, pointer.data.itemId);
      if (added) return { itemId: added, opened: false };
      // The pointer outlived its case (decided in between): replace it.
      await deps.store.delete(openCaseKey(orgId, kind, contentId), {
        condition: [{ kind: 'versionEquals', version: pointer.version }],
      });
      continue;
    }
    const nowIso = isoAt(deps.clock.nowMs());
    const id = deps.ids.next('mqi');
    const record: QueueItemRecord = {
      id,
      organizationId: orgId,
      kind,
      contentId,
      authorId: input.authorId,
      source: input.source,
      reasons: input.reasons.slice(0, maxReasons),
      signals: input.signals.slice(0, maxSignals),
      status: 'pending',
      decisions: [],
      appeal: null,
      excludedModeratorId: null,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    try {
      await deps.store.transact([
        {
          kind: 'put',
          item: { ...openCaseKey(orgId, kind, contentId), data: { itemId: id } },
          condition: [{ kind: 'notExists' }],
        },
        {
          kind: 'put',
          item: { ...queueItemKey(orgId, id), ...queueIndex(orgId, 'pending', id), data: record },
          condition: [{ kind: 'notExists' }],
        },
      ]);
      return { itemId: id, opened: true };
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw AppError.conflict('The queue item kept changing; try again');
}

const idPattern = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * For community when review said `held` for content that had no id yet: call once the content is
 * stored, with its id and the outcome's reasons (and signals), to put it in the moderators' queue.
 */
export async function recordHeld(
  deps: ModerationDeps,
  content: ContentForReview & { id: string },
  reasons: string[],
  signals: ModerationSignal[] = [],
): Promise<{ queueItemId: string }> {
  if (typeof content?.id !== 'string' || !idPattern.test(content.id)) {
    throw AppError.invalidInput('content.id is required to record held content', { field: 'id' });
  }
  if (!deps.targets.has(content.kind)) throw AppError.invalidInput(`No moderation target for ${content.kind}`);
  const queueItemId = await openCase(deps, {
    organizationId: content.organizationId,
    kind: content.kind,
    contentId: content.id,
    authorId: content.authorId,
    source: 'review',
    reasons: reasons.filter((r) => typeof r === 'string').slice(0, maxReasons),
    signals,
  });
  return { queueItemId };
}
