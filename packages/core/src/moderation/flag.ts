/**
 * Flags: any member may flag a post or comment of their organisation once (a second flag by the same
 * member changes nothing and says so). Each flag weighs by the flagger's trust (trust-levels.ts); when
 * the weight since the last approval reaches the threshold, the content is hidden at once (state
 * `hidden`) and a queue item is opened for moderators. Hiding never touches content a moderator has
 * already removed or that is waiting in the queue.
 */
import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { openOrJoinCase } from './cases.ts';
import { flagKey, tallyKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { type ModeratedKind, moderatedKinds } from './moderation-target.ts';
import type { FlagRecord, TallyRecord } from './records.ts';
import { flagWeight, hideThreshold, isTrustLevel } from './trust-levels.ts';

export interface FlagInput {
  kind: ModeratedKind;
  id: string;
  reason: string;
}

export interface FlagResult {
  /** False when this member had already flagged the item (nothing changed). */
  created: boolean;
  weight: number;
  /** The content is hidden now (by this flag or earlier ones). */
  hidden: boolean;
  /** The pending queue item, when the flags opened one. */
  queueItemId: string | null;
}

const maxReasonChars = 500;
const idPattern = /^[A-Za-z0-9_-]{1,128}$/;

export async function flag(deps: ModerationDeps, actor: Actor, input: FlagInput): Promise<FlagResult> {
  if (!can(actor.role, 'flag:create')) throw AppError.forbidden('flag:create');
  if (!(moderatedKinds as readonly unknown[]).includes(input?.kind))
    throw AppError.invalidInput('kind is not valid', { field: 'kind' });
  const noun = input.kind === 'post' ? 'post' : 'comment';
  if (typeof input.id !== 'string' || !idPattern.test(input.id)) throw AppError.notFound(noun, String(input.id));
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length === 0 || [...reason].length > maxReasonChars) {
    throw AppError.invalidInput(`reason must be 1 to ${maxReasonChars} characters`, { field: 'reason' });
  }
  const target = deps.targets.get(input.kind);
  const content = target ? await target.get(actor.orgId, input.id) : null;
  if (!target || !content) throw AppError.notFound(noun, input.id);
  if (content.authorId === actor.userId) throw AppError.conflict(`You cannot flag your own ${noun}`);

  const orgId = actor.orgId;
  const level = await deps.trustLevelOf(orgId, actor.userId);
  const weight = flagWeight(isTrustLevel(level) ? level : 0, can(actor.role, 'moderation:review'));
  const record: FlagRecord = {
    userId: actor.userId,
    kind: input.kind,
    contentId: input.id,
    reason,
    weight,
    at: isoAt(deps.clock.nowMs()),
  };
  let created = true;
  try {
    // The flag and its weight land together or not at all, so the tally is exactly the flags' sum.
    await deps.store.transact([
      {
        kind: 'put',
        item: { ...flagKey(orgId, input.kind, input.id, actor.userId), data: record },
        condition: [{ kind: 'notExists' }],
      },
      { kind: 'update', key: tallyKey(orgId, input.kind, input.id), changes: { add: { weight, count: 1 } } },
    ]);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    created = false;
  }
  const tally = (await deps.store.get<TallyRecord>(tallyKey(orgId, input.kind, input.id)))?.data ?? {
    weight: 0,
    count: 0,
  };
  let queueItemId: string | null = null;
  let hidden = content.state === 'hidden';
  if (created && tally.weight >= hideThreshold) {
    const opened = await openOrJoinCase(deps, {
      organizationId: orgId,
      kind: input.kind,
      contentId: input.id,
      authorId: content.authorId,
      source: 'flags',
      reasons: [`Your ${noun} was hidden after members flagged it; a moderator will review it.`],
      signals: [{ check: 'flags', effect: 'hold', detail: `flags reached the hide threshold (${hideThreshold})` }],
    });
    queueItemId = opened.itemId;
    // Only the flag that opened the case hides: concurrent flags past the threshold do it once.
    if (opened.opened && content.state === 'published') {
      await target.setState(orgId, input.id, 'hidden', 'Hidden after flags from members', 'system');
      hidden = true;
      await afterAutoHide(deps, orgId, input.kind, input.id, content.authorId, queueItemId, tally.weight);
    }
  }
  return { created, weight, hidden, queueItemId };
}

async function afterAutoHide(
  deps: ModerationDeps,
  orgId: string,
  kind: ModeratedKind,
  contentId: string,
  authorId: string,
  queueItemId: string,
  weight: number,
): Promise<void> {
  const noun = kind === 'post' ? 'post' : 'comment';
  try {
    await deps.audit({
      organizationId: orgId,
      actorId: 'system',
      action: 'moderation.auto_hidden',
      target: { type: kind, id: contentId },
      outcome: 'success',
      details: { queueItemId, flagWeight: weight, threshold: hideThreshold },
    });
  } catch (error) {
    deps.reportError(error, 'moderation.auto_hidden audit');
  }
  try {
    await deps.notify({
      organizationId: orgId,
      userId: authorId,
      kind: 'moderation.hidden',
      title: `Your ${noun} was hidden after members flagged it`,
      body: 'A moderator will review it and tell you the outcome.',
      link: `/moderation/items/${queueItemId}`,
      dedupeKey: `moderation.hidden.${queueItemId}`,
    });
  } catch (error) {
    deps.reportError(error, 'moderation.hidden notification');
  }
}
