/**
 * Reactions toggle: one item per (user, target, type) and an atomic counter on the target, changed
 * together in one transaction whose conditions (the reaction must / must not exist) make a stale
 * read fail instead of double-counting. A failed attempt re-reads and tries again, so any number of
 * concurrent toggles leaves the counter equal to the number of reaction items.
 */
import type { ItemKey, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { loadPost, loadVisibleComment, loadVisiblePost, requirePermission } from './access.ts';
import type { CommunityDeps } from './community-deps.ts';
import { publishPostEvent } from './community-events.ts';
import { commentKey, postKey, profileKey, reactionKey } from './keys.ts';
import { myReactionsOn } from './my-reactions.ts';
import { type CommentRecord, type PostRecord, type ReactionType, reactionTypes } from './records.ts';
import { type ReactionCounts, reactionCountsOf } from './views.ts';

export interface ReactionResult {
  targetKind: 'post' | 'comment';
  targetId: string;
  reactionType: ReactionType;
  /** Whether the caller's reaction of this type exists after the toggle. */
  active: boolean;
  reactionCounts: ReactionCounts;
  myReactions: ReactionType[];
}

const maxAttempts = 40;

/** Randomised, growing pause between attempts, so toggles racing on one item do not retry in lockstep. */
const backoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + attempt * 3)));

export async function toggleReaction(
  deps: CommunityDeps,
  actor: Actor,
  target: { kind: 'post' | 'comment'; id: string },
  reactionType: unknown,
): Promise<ReactionResult> {
  requirePermission(actor, 'reaction:create');
  if (!reactionTypes.includes(reactionType as ReactionType)) {
    throw AppError.invalidInput(`reactionType must be one of ${reactionTypes.join(', ')}`, { field: 'reactionType' });
  }
  const type = reactionType as ReactionType;
  let targetKey: ItemKey;
  let authorId: string;
  let post: PostRecord;
  if (target.kind === 'post') {
    const item = await loadVisiblePost(deps.store, actor, target.id);
    targetKey = postKey(actor.orgId, target.id);
    authorId = item.data.authorId;
    post = item.data;
    if (item.data.state !== 'published') throw AppError.conflict(`A ${item.data.state} post takes no reactions`);
  } else {
    const { comment, post: parentPost } = await loadVisibleComment(deps.store, actor, target.id);
    targetKey = commentKey(actor.orgId, comment.data.postId, comment.data.path);
    authorId = comment.data.authorId;
    post = parentPost.data;
    if (comment.data.state !== 'published')
      throw AppError.conflict(`A ${comment.data.state} comment takes no reactions`);
  }
  const key = reactionKey(actor.orgId, actor.userId, target.id, type);
  const published = [{ kind: 'compare', field: 'state', op: '=', value: 'published' }] as const;
  let active = false;
  let mine: ReactionType[] = [];
  for (let attempt = 0; ; attempt++) {
    // All of the caller's reactions on the target in one read: the one toggled, and the others for the answer.
    const before = (await myReactionsOn(deps, actor, [target.id])).get(target.id) ?? [];
    active = !before.includes(type);
    mine = active ? reactionTypes.filter((t) => t === type || before.includes(t)) : before.filter((t) => t !== type);
    const delta = active ? 1 : -1;
    const operations: TransactOperation[] = [
      active
        ? {
            kind: 'put',
            item: {
              ...key,
              data: {
                targetId: target.id,
                targetKind: target.kind,
                postId: post.id,
                type,
                at: new Date(deps.clock.nowMs()).toISOString(),
              },
            },
            condition: [{ kind: 'notExists' }],
          }
        : { kind: 'delete', key, condition: [{ kind: 'exists' }] },
      { kind: 'update', key: targetKey, changes: { add: { [`r_${type}`]: delta }, condition: [...published] } },
    ];
    // Reputation counts what others give you.
    if (authorId !== actor.userId) {
      operations.push({
        kind: 'update',
        key: profileKey(actor.orgId, authorId),
        changes: { add: { reactionsReceived: delta } },
      });
    }
    try {
      await deps.store.transact(operations);
      break;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      // Index 1 failing means the target left `published` meanwhile: that is final, not a race.
      if (error.index === 1) throw AppError.conflict('The content no longer takes reactions');
      if (attempt + 1 >= maxAttempts) throw AppError.conflict('Too many simultaneous changes; try again');
      await backoff(attempt);
    }
  }
  const stored = await deps.store.get<PostRecord | CommentRecord>(targetKey);
  const reactionCounts = reactionCountsOf(stored?.data ?? {});
  const latestPost =
    target.kind === 'post' && stored
      ? (stored.data as PostRecord)
      : (await loadPost(deps.store, actor.orgId, post.id)).data;
  await publishPostEvent(deps, latestPost, 'reactions.changed', {
    targetKind: target.kind,
    targetId: target.id,
    reactionCounts,
  });
  return {
    targetKind: target.kind,
    targetId: target.id,
    reactionType: type,
    active,
    reactionCounts,
    myReactions: mine,
  };
}
