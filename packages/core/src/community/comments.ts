/**
 * Comments: a tree stored as a materialised path under the post's partition (`C#<id>.<id>…`), so one
 * range query returns a thread depth-first in creation order (ids sort by time). Replies deeper than
 * `maxCommentDepth` attach at the limit, under the replied-to comment's parent, and keep
 * `replyToCommentId`. Deletion by the author is soft and keeps the node, so replies stay in place.
 */
import type { ConditionClause, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { canSee, loadComment, loadPost, loadVisibleComment, loadVisiblePost, requirePermission } from './access.ts';
import { authorProfileOf } from './author-profile.ts';
import type { CommunityDeps } from './community-deps.ts';
import { publishPostEvent } from './community-events.ts';
import { checkText } from './content-input.ts';
import {
  commentAuthorPartition,
  commentKey,
  commentPrefix,
  commentRefKey,
  commentRevisionKey,
  postKey,
  postPartition,
  profileKey,
} from './keys.ts';
import { myReactionsOn } from './my-reactions.ts';
import { mentionedMembersOf, notifyMentions, notifyReply } from './notify-activity.ts';
import type { CommentRecord, ContentState, PostRecord, RevisionRecord } from './records.ts';
import { reviewAndRender } from './review-content.ts';
import { type CommentView, toCommentView } from './views.ts';

export interface CreateCommentInput {
  content: string;
  parentCommentId?: string | null;
}

const nowIso = (deps: CommunityDeps) => new Date(deps.clock.nowMs()).toISOString();

const unchangedSince = (comment: CommentRecord): ConditionClause[] => [
  { kind: 'compare', field: 'revision', op: '=', value: comment.revision },
  { kind: 'compare', field: 'state', op: '=', value: comment.state },
];

export async function createComment(
  deps: CommunityDeps,
  actor: Actor,
  postId: string,
  input: CreateCommentInput,
): Promise<CommentView> {
  requirePermission(actor, 'comment:create');
  const post = await loadVisiblePost(deps.store, actor, postId);
  if (post.data.state !== 'published') {
    throw AppError.conflict(`Comments are closed on a ${post.data.state} post`, { state: post.data.state });
  }
  const content = checkText(input.content, 'content', deps.limits.commentMaxChars);
  let parent: CommentRecord | null = null;
  if (input.parentCommentId) {
    const found = await loadComment(deps.store, actor.orgId, input.parentCommentId);
    if (
      !found ||
      found.data.postId !== postId ||
      !canSee(actor, { ...found.data, visibility: 'organization' }, actor.orgId, actor.orgId)
    ) {
      throw AppError.notFound('comment', input.parentCommentId);
    }
    parent = found.data;
  }
  const id = deps.ids.next('cmt');
  // Past the depth limit the reply becomes a sibling of the comment it answers.
  const atLimit = parent !== null && parent.depth >= deps.limits.maxCommentDepth;
  const parentPath = parent ? (atLimit ? parent.path.split('.').slice(0, -1).join('.') : parent.path) : '';
  const path = parentPath ? `${parentPath}.${id}` : id;
  const reviewed = await reviewAndRender(deps, actor, {
    kind: 'comment',
    id,
    text: content,
    attachmentCount: 0,
    isEdit: false,
  });
  const at = nowIso(deps);
  const state: ContentState = reviewed.outcome.verdict === 'held' ? 'held' : 'published';
  const record: CommentRecord = {
    id,
    organizationId: actor.orgId,
    postId,
    authorId: actor.userId,
    authorProfile: await authorProfileOf(deps, actor),
    parentCommentId: parent ? (atLimit ? parent.parentCommentId : parent.id) : null,
    replyToCommentId: parent?.id ?? null,
    path,
    depth: parent ? (atLimit ? parent.depth : parent.depth + 1) : 0,
    content: reviewed.text,
    contentHtml: reviewed.html,
    state,
    stateReasons: state === 'held' ? reviewed.outcome.reasons : [],
    revision: 1,
    r_like: 0,
    r_love: 0,
    r_insight: 0,
    r_question: 0,
    createdAt: at,
    updatedAt: at,
  };
  const operations: TransactOperation[] = [
    {
      kind: 'put',
      item: {
        ...commentKey(actor.orgId, postId, path),
        // The author's comments index (account export and deletion).
        gsi2pk: commentAuthorPartition(actor.orgId, actor.userId),
        gsi2sk: id,
        data: record,
      },
      condition: [{ kind: 'notExists' }],
    },
    {
      kind: 'put',
      item: { ...commentRefKey(actor.orgId, id), data: { postId, path } },
      condition: [{ kind: 'notExists' }],
    },
    { kind: 'update', key: profileKey(actor.orgId, actor.userId), changes: { add: { comments: 1 } } },
  ];
  if (state === 'published') {
    operations.push({
      kind: 'update',
      key: postKey(actor.orgId, postId),
      changes: { add: { comments: 1 }, condition: [{ kind: 'compare', field: 'state', op: '=', value: 'published' }] },
    });
  }
  try {
    await deps.store.transact(operations);
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.conflict('The post changed; it no longer takes comments');
    throw error;
  }
  if (state === 'published') {
    await publishPostEvent(deps, post.data, 'comment.added', {
      commentId: id,
      parentCommentId: record.parentCommentId,
      authorId: actor.userId,
    });
    const notified = await notifyReply(deps, actor, {
      postId,
      postTitle: post.data.title,
      postAuthorId: post.data.authorId,
      commentId: id,
      ...(parent ? { repliedToAuthorId: parent.authorId } : {}),
    });
    await notifyMentions(
      deps,
      actor,
      reviewed.mentionedMembers,
      { kind: 'comment', postId, title: post.data.title, commentId: id },
      notified,
    );
  }
  return toCommentView(actor, record);
}

/** One page of a post's thread, depth-first in creation order, each comment with its depth. */
export async function listComments(
  deps: CommunityDeps,
  actor: Actor,
  postId: string,
  page: { cursor?: string; limit?: number } = {},
): Promise<{ items: CommentView[]; nextCursor: string | null }> {
  requirePermission(actor, 'post:read');
  await loadVisiblePost(deps.store, actor, postId);
  const result = await deps.store.query<CommentRecord>({
    pk: postPartition(actor.orgId, postId),
    sk: { beginsWith: commentPrefix },
    limit: Math.min(Math.max(page.limit ?? 50, 1), 100),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
  const visible = result.items.filter((item) =>
    canSee(actor, { ...item.data, visibility: 'organization' }, actor.orgId, actor.orgId),
  );
  const mine = await myReactionsOn(
    deps,
    actor,
    visible.map((item) => item.data.id),
  );
  return {
    items: visible.map((item) => toCommentView(actor, item.data, mine.get(item.data.id) ?? [])),
    nextCursor: result.nextCursor,
  };
}

/** A comment held at creation is published by a moderator: the reply and mention notifications go out now. */
async function notifyPublishedComment(deps: CommunityDeps, comment: CommentRecord, post: PostRecord): Promise<void> {
  const writer = { orgId: comment.organizationId, userId: comment.authorId };
  const repliedTo = comment.replyToCommentId
    ? await loadComment(deps.store, comment.organizationId, comment.replyToCommentId)
    : undefined;
  const notified = await notifyReply(deps, writer, {
    postId: post.id,
    postTitle: post.title,
    postAuthorId: post.authorId,
    commentId: comment.id,
    ...(repliedTo ? { repliedToAuthorId: repliedTo.data.authorId } : {}),
  });
  const mentioned = await mentionedMembersOf(deps, comment.organizationId, comment.content);
  await notifyMentions(
    deps,
    writer,
    mentioned,
    { kind: 'comment', postId: post.id, title: post.title, commentId: comment.id },
    notified,
  );
}

export async function getComment(deps: CommunityDeps, actor: Actor, commentId: string): Promise<CommentView> {
  requirePermission(actor, 'post:read');
  const { comment } = await loadVisibleComment(deps.store, actor, commentId);
  const mine = await myReactionsOn(deps, actor, [commentId]);
  return toCommentView(actor, comment.data, mine.get(commentId) ?? []);
}

export async function updateComment(
  deps: CommunityDeps,
  actor: Actor,
  commentId: string,
  input: { content: string; version: number },
): Promise<CommentView> {
  requirePermission(actor, 'post:read');
  const { comment } = await loadVisibleComment(deps.store, actor, commentId);
  const current = comment.data;
  if (current.authorId !== actor.userId)
    throw AppError.forbidden('comment:update', 'Only the author can edit a comment');
  if (!Number.isSafeInteger(input.version)) throw AppError.invalidInput('version is required', { field: 'version' });
  if (input.version !== current.revision) {
    throw AppError.conflict('The comment changed since you read it', { currentVersion: current.revision });
  }
  if (current.state === 'deleted' || current.state === 'removed') {
    throw AppError.conflict(`A ${current.state} comment cannot be edited`, { state: current.state });
  }
  const content = checkText(input.content, 'content', deps.limits.commentMaxChars);
  const reviewed = await reviewAndRender(deps, actor, {
    kind: 'comment',
    id: commentId,
    text: content,
    attachmentCount: 0,
    isEdit: true,
  });
  const wasPublished = current.state === 'published';
  const state: ContentState =
    current.state === 'held' || current.state === 'hidden'
      ? current.state
      : reviewed.outcome.verdict === 'held'
        ? 'held'
        : 'published';
  const at = nowIso(deps);
  const next: CommentRecord = {
    ...current,
    content: reviewed.text,
    contentHtml: reviewed.html,
    state,
    stateReasons: state === 'held' && current.state !== 'held' ? reviewed.outcome.reasons : current.stateReasons,
    revision: current.revision + 1,
    updatedAt: at,
    editedAt: at,
  };
  const revision: RevisionRecord = {
    version: current.revision,
    content: current.content,
    editedBy: actor.userId,
    replacedAt: at,
  };
  const operations: TransactOperation[] = [
    {
      kind: 'put',
      item: { ...commentRevisionKey(actor.orgId, current.postId, commentId, current.revision), data: revision },
      condition: [{ kind: 'notExists' }],
    },
    {
      kind: 'update',
      key: commentKey(actor.orgId, current.postId, current.path),
      changes: {
        set: {
          content: next.content,
          contentHtml: next.contentHtml,
          state: next.state,
          stateReasons: next.stateReasons,
          revision: next.revision,
          updatedAt: at,
          editedAt: at,
        },
        condition: unchangedSince(current),
      },
    },
  ];
  if (wasPublished && state !== 'published') {
    operations.push({
      kind: 'update',
      key: postKey(actor.orgId, current.postId),
      changes: { add: { comments: -1 }, condition: [{ kind: 'exists' }] },
    });
  }
  try {
    await deps.store.transact(operations);
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.conflict('The comment changed since you read it');
    throw error;
  }
  const mine = await myReactionsOn(deps, actor, [commentId]);
  return toCommentView(actor, next, mine.get(commentId) ?? []);
}

export async function deleteComment(deps: CommunityDeps, actor: Actor, commentId: string): Promise<void> {
  requirePermission(actor, 'post:read');
  const { comment } = await loadVisibleComment(deps.store, actor, commentId);
  if (comment.data.authorId !== actor.userId) {
    throw AppError.forbidden('comment:delete', 'Only the author can delete a comment');
  }
  await setCommentState(deps, actor.orgId, commentId, 'deleted', 'deleted by author');
}

/** Moves a comment to a state, keeping the post's published-comment count in step; idempotent. */
export async function setCommentState(
  deps: CommunityDeps,
  orgId: string,
  commentId: string,
  state: ContentState,
  reason: string,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await loadComment(deps.store, orgId, commentId);
    if (!item) throw AppError.notFound('comment', commentId);
    const current = item.data;
    if (current.state === state) return;
    const delta = (state === 'published' ? 1 : 0) - (current.state === 'published' ? 1 : 0);
    const operations: TransactOperation[] = [
      {
        kind: 'update',
        key: commentKey(orgId, current.postId, current.path),
        changes: {
          set: {
            state,
            stateReasons: state === 'published' ? [] : [reason],
            updatedAt: nowIso(deps),
          },
          condition: unchangedSince(current),
        },
      },
    ];
    if (delta !== 0) {
      operations.push({
        kind: 'update',
        key: postKey(orgId, current.postId),
        changes: { add: { comments: delta }, condition: [{ kind: 'exists' }] },
      });
    }
    try {
      await deps.store.transact(operations);
    } catch (error) {
      if (error instanceof ConditionFailedError) continue;
      throw error;
    }
    if (state === 'published') {
      const post = await loadPost(deps.store, orgId, current.postId);
      await publishPostEvent(deps, post.data, 'comment.added', {
        commentId,
        parentCommentId: current.parentCommentId,
        authorId: current.authorId,
      });
      if (current.state === 'held') await notifyPublishedComment(deps, current, post.data);
    }
    return;
  }
  throw AppError.conflict('The comment kept changing; try again');
}
