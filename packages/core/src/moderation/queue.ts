/**
 * Reading the queue: pending items (held or flagged content, and appeals) for moderators, oldest
 * first, or decided ones newest first; one item for a moderator or for its author (who sees the
 * reasons and decisions but not the signals, the flags or who decided).
 */
import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { flagPartition, flagPrefix, type QueueState, queueIndexPartition, queueItemKey, tallyKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import type { ModeratedState, ModerationSignal } from './moderation-target.ts';
import type { AppealRecord, DecisionAction, FlagRecord, QueueItemRecord, TallyRecord } from './records.ts';

export interface QueueItemView {
  id: string;
  kind: QueueItemRecord['kind'];
  contentId: string;
  authorId: string;
  source: QueueItemRecord['source'];
  status: QueueItemRecord['status'];
  reasons: string[];
  /** Moderators only (empty for the author). */
  signals: ModerationSignal[];
  /** The content as it is now; null when it no longer exists. */
  content: { title: string | null; excerpt: string; state: ModeratedState } | null;
  /** Weighted flags since the last approval (moderators only; zero for the author). */
  flagWeight: number;
  flagCount: number;
  /** Moderators only: the flags themselves. Filled by getItem, empty in lists. */
  flags: { userId: string; reason: string; weight: number; at: string }[];
  decisions: { action: DecisionAction; reason: string; moderatorId: string | null; at: string; onAppeal: boolean }[];
  appeal: AppealRecord | null;
  /** True for the author while an appeal is possible. */
  canAppeal: boolean;
  /** Moderators only: who may not decide the appeal (decided before it). */
  excludedModeratorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function appealable(record: QueueItemRecord): boolean {
  const last = record.decisions.at(-1);
  return record.status === 'decided' && record.appeal === null && last !== undefined && last.action !== 'approve';
}

async function contentOf(deps: ModerationDeps, record: QueueItemRecord): Promise<QueueItemView['content']> {
  const target = deps.targets.get(record.kind);
  const found = target ? await target.get(record.organizationId, record.contentId) : null;
  return found ? { title: found.title ?? null, excerpt: found.excerpt, state: found.state } : null;
}

export async function toView(
  deps: ModerationDeps,
  record: QueueItemRecord,
  actor: Actor,
  extra: { tally?: TallyRecord | undefined; flags?: FlagRecord[] } = {},
): Promise<QueueItemView> {
  const moderator = can(actor.role, 'moderation:review');
  const isAuthor = record.authorId === actor.userId;
  return {
    id: record.id,
    kind: record.kind,
    contentId: record.contentId,
    authorId: record.authorId,
    source: record.source,
    status: record.status,
    reasons: record.reasons,
    signals: moderator ? record.signals : [],
    content: await contentOf(deps, record),
    flagWeight: moderator ? (extra.tally?.weight ?? 0) : 0,
    flagCount: moderator ? (extra.tally?.count ?? 0) : 0,
    flags:
      moderator && extra.flags
        ? extra.flags.map((f) => ({ userId: f.userId, reason: f.reason, weight: f.weight, at: f.at }))
        : [],
    decisions: record.decisions.map((d) => ({ ...d, moderatorId: moderator ? d.moderatorId : null })),
    appeal: record.appeal,
    canAppeal: isAuthor && appealable(record),
    excludedModeratorId: moderator ? record.excludedModeratorId : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The item in the actor's organisation, or not_found (another organisation's items do not exist). */
export async function loadItem(deps: ModerationDeps, orgId: string, itemId: string) {
  if (typeof itemId !== 'string' || !/^mqi_[0-9A-Z]{26}$/.test(itemId)) throw AppError.notFound('queue item', itemId);
  const item = await deps.store.get<QueueItemRecord>(queueItemKey(orgId, itemId));
  if (!item) throw AppError.notFound('queue item', itemId);
  return item;
}

export interface ListQueueInput {
  state?: QueueState;
  cursor?: string;
  limit?: number;
}

export async function listQueue(
  deps: ModerationDeps,
  actor: Actor,
  input: ListQueueInput = {},
): Promise<{ items: QueueItemView[]; nextCursor: string | null }> {
  if (!can(actor.role, 'moderation:review')) throw AppError.forbidden('moderation:review');
  const state = input.state ?? 'pending';
  if (state !== 'pending' && state !== 'done') {
    throw AppError.invalidInput('state must be pending or done', { field: 'state' });
  }
  const limit = input.limit ?? 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw AppError.invalidInput('limit must be an integer from 1 to 100', { field: 'limit' });
  }
  const page = await deps.store.query<QueueItemRecord>({
    index: 'gsi1',
    pk: queueIndexPartition(actor.orgId, state),
    // The queue is worked oldest first; the record of decisions is read newest first.
    reverse: state === 'done',
    limit,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  const tallies = await deps.store.getMany<TallyRecord>(
    page.items.map((i) => tallyKey(actor.orgId, i.data.kind, i.data.contentId)),
  );
  const tallyOf = (record: QueueItemRecord) =>
    tallies.find((t) => t.sk === tallyKey(actor.orgId, record.kind, record.contentId).sk)?.data;
  const items = await Promise.all(page.items.map((i) => toView(deps, i.data, actor, { tally: tallyOf(i.data) })));
  return { items, nextCursor: page.nextCursor };
}

export async function getItem(deps: ModerationDeps, actor: Actor, itemId: string): Promise<QueueItemView> {
  const item = await loadItem(deps, actor.orgId, itemId);
  const record = item.data;
  const moderator = can(actor.role, 'moderation:review');
  if (!moderator && record.authorId !== actor.userId) throw AppError.forbidden('moderation:review');
  if (!moderator) return toView(deps, record, actor);
  const [tally, flags] = await Promise.all([
    deps.store.get<TallyRecord>(tallyKey(actor.orgId, record.kind, record.contentId)),
    deps.store.query<FlagRecord>({
      pk: flagPartition(actor.orgId),
      sk: { beginsWith: flagPrefix(record.kind, record.contentId) },
      limit: 100,
    }),
  ]);
  return toView(deps, record, actor, { tally: tally?.data, flags: flags.items.map((f) => f.data) });
}
