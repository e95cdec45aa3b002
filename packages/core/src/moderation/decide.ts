/**
 * A moderator's decision on a pending item: approve (content published, flags cleared), remove
 * (content removed) or warn (content published, the author warned). The item is claimed first with a
 * version-checked update, so two moderators cannot both decide; then the content's state changes,
 * the author's standing moves (remove → removals + 1, warn → upheld flags + 1; a decision on appeal
 * takes the first one's effect back), a domain audit entry records the facts and the author is told
 * why. An appealed item must be decided by a different moderator than the first time.
 */
import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { openCaseKey, queueIndex, queueItemKey, standingKey, tallyKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import type { ModeratedState } from './moderation-target.ts';
import { getItem, loadItem, type QueueItemView } from './queue.ts';
import {
  type DecisionAction,
  type DecisionRecord,
  decisionActions,
  type QueueItemRecord,
  type StandingRecord,
} from './records.ts';

export interface DecideInput {
  action: DecisionAction;
  reason: string;
}

const maxReasonChars = 1000;

const stateAfter: Record<DecisionAction, ModeratedState> = {
  approve: 'published',
  remove: 'removed',
  warn: 'published',
};

const standingEffect: Record<DecisionAction, Partial<Record<keyof StandingRecord & string, number>>> = {
  approve: {},
  remove: { removals: 1 },
  warn: { upheldFlagsAgainst: 1, warnings: 1 },
};

function standingChange(previous: DecisionAction | undefined, next: DecisionAction): Record<string, number> {
  const change: Record<string, number> = {};
  for (const [field, n] of Object.entries(standingEffect[next])) change[field] = (change[field] ?? 0) + (n ?? 0);
  if (previous) {
    for (const [field, n] of Object.entries(standingEffect[previous])) change[field] = (change[field] ?? 0) - (n ?? 0);
  }
  return Object.fromEntries(Object.entries(change).filter(([, n]) => n !== 0));
}

function message(kind: QueueItemRecord['kind'], action: DecisionAction): string {
  const noun = kind === 'post' ? 'post' : 'comment';
  if (action === 'approve') return `A moderator approved your ${noun}`;
  if (action === 'remove') return `A moderator removed your ${noun}`;
  return `A moderator warned you about your ${noun}`;
}

export async function decide(
  deps: ModerationDeps,
  actor: Actor,
  itemId: string,
  input: DecideInput,
): Promise<QueueItemView> {
  if (!can(actor.role, 'moderation:review')) throw AppError.forbidden('moderation:review');
  if (!(decisionActions as readonly unknown[]).includes(input?.action)) {
    throw AppError.invalidInput(`action must be one of ${decisionActions.join(', ')}`, { field: 'action' });
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length === 0 || [...reason].length > maxReasonChars) {
    throw AppError.invalidInput(`reason must be 1 to ${maxReasonChars} characters`, { field: 'reason' });
  }
  const orgId = actor.orgId;
  const item = await loadItem(deps, orgId, itemId);
  const record = item.data;
  if (record.status !== 'pending') throw AppError.conflict('This item has already been decided');
  const onAppeal = record.appeal !== null;
  if (onAppeal && record.excludedModeratorId === actor.userId) {
    throw AppError.forbidden('moderation:review', 'A different moderator must review the appeal');
  }
  const target = deps.targets.get(record.kind);
  if (!target) throw AppError.conflict(`No moderation target for ${record.kind} is configured`);

  const nowIso = isoAt(deps.clock.nowMs());
  const decision: DecisionRecord = { action: input.action, reason, moderatorId: actor.userId, at: nowIso, onAppeal };
  const previous = record.decisions.at(-1)?.action;
  const standing = standingChange(onAppeal ? previous : undefined, input.action);
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: queueItemKey(orgId, itemId),
        changes: {
          set: { status: 'decided', decisions: [...record.decisions, decision], updatedAt: nowIso },
          index: queueIndex(orgId, 'done', itemId),
          condition: [{ kind: 'versionEquals', version: item.version }],
        },
      },
      ...(input.action === 'approve'
        ? [
            {
              kind: 'update' as const,
              key: tallyKey(orgId, record.kind, record.contentId),
              changes: { set: { weight: 0, count: 0 } },
            },
          ]
        : []),
      ...(Object.keys(standing).length > 0
        ? [{ kind: 'update' as const, key: standingKey(orgId, record.authorId), changes: { add: standing } }]
        : []),
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.conflict('This item was decided meanwhile');
    throw error;
  }
  // The content may be flagged into a new case from now on (the pointer is this item's, if any).
  try {
    await deps.store.delete(openCaseKey(orgId, record.kind, record.contentId), {
      condition: [{ kind: 'compare', field: 'itemId', op: '=', value: itemId }],
    });
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  // Content its author has deleted meanwhile has nothing left to change; the decision still stands.
  if (await target.get(orgId, record.contentId)) {
    await target.setState(orgId, record.contentId, stateAfter[input.action], reason, actor.userId);
  }

  try {
    await deps.audit({
      organizationId: orgId,
      actorId: actor.userId,
      action: 'moderation.decided',
      target: { type: record.kind, id: record.contentId },
      outcome: 'success',
      details: { queueItemId: itemId, action: input.action, onAppeal, source: record.source },
    });
  } catch (error) {
    deps.reportError(error, 'moderation.decided audit');
  }
  try {
    const canAppeal = !onAppeal && input.action !== 'approve';
    await deps.notify({
      organizationId: orgId,
      userId: record.authorId,
      kind: 'moderation.decision',
      title: message(record.kind, input.action),
      body: `${reason}${canAppeal ? '\n\nYou can appeal this decision once.' : ''}`,
      link: `/moderation/items/${itemId}`,
      dedupeKey: `moderation.decision.${itemId}.${record.decisions.length + 1}`,
    });
  } catch (error) {
    deps.reportError(error, 'moderation.decision notification');
  }
  return getItem(deps, actor, itemId);
}
