/** Posts: create, read (counts a view), edit with optimistic version and history, author soft delete. */
import type { ConditionClause, TransactOperation } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { loadPost, loadVisiblePost, requirePermission } from './access.ts';
import {
  attachmentUrls,
  checkAttachmentIds,
  claimAttachments,
  claimRefusal,
  discardAttachments,
} from './attachments.ts';
import { authorProfileOf } from './author-profile.ts';
import type { CommunityDeps } from './community-deps.ts';
import { publishPostEvent } from './community-events.ts';
import { checkContentType, checkTags, checkText, checkVisibility, type PostInput } from './content-input.ts';
import { postKey, postPartition, postRevisionKey, postRevisionPrefix, profileKey, viewMarkerKey } from './keys.ts';
import { myReactionsOn } from './my-reactions.ts';
import { mentionedMembersOf, notifyMentions } from './notify-activity.ts';
import { indexChanges, publicEntryOperation, withIndexKeys } from './post-index.ts';
import type { ContentState, PostRecord, RevisionRecord } from './records.ts';
import { reviewAndRender } from './review-content.ts';
import { type PostView, toPostView } from './views.ts';

const nowIso = (deps: CommunityDeps) => new Date(deps.clock.nowMs()).toISOString();

/**
 * Edits and state changes pin the text revision and the state, not the item version: reactions, views
 * and comment counts are atomic adds that bump the item version and must not make an edit conflict.
 */
const unchangedSince = (post: PostRecord): ConditionClause[] => [
  { kind: 'compare', field: 'revision', op: '=', value: post.revision },
  { kind: 'compare', field: 'state', op: '=', value: post.state },
];

export async function createPost(deps: CommunityDeps, actor: Actor, input: PostInput): Promise<PostView> {
  requirePermission(actor, 'post:create');
  const { limits } = deps;
  const title = checkText(input.title, 'title', limits.titleMaxChars);
  const content = checkText(input.content, 'content', limits.postMaxChars);
  const contentType = checkContentType(input.contentType);
  const tags = checkTags(input.tags, limits);
  const attachmentIds = checkAttachmentIds(input.attachments, limits.maxAttachments);
  const visibility = checkVisibility(input.visibility);
  const id = deps.ids.next('pst');
  // Before review: review takes a rate slot and a fingerprint, which a refused file must not use up.
  const claimed = await claimAttachments(deps, actor, id, attachmentIds);
  const reviewed = await reviewAndRender(deps, actor, {
    kind: 'post',
    id,
    title,
    text: content,
    attachmentCount: attachmentIds.length,
    isEdit: false,
  });
  const at = nowIso(deps);
  const state: ContentState = reviewed.outcome.verdict === 'held' ? 'held' : 'published';
  const record: PostRecord = {
    id,
    organizationId: actor.orgId,
    authorId: actor.userId,
    authorProfile: await authorProfileOf(deps, actor),
    title: reviewed.title ?? title,
    content: reviewed.text,
    contentHtml: reviewed.html,
    contentType,
    attachments: claimed.attachments,
    tags,
    visibility,
    state,
    stateReasons: state === 'held' ? reviewed.outcome.reasons : [],
    views: 0,
    comments: 0,
    shares: 0,
    r_like: 0,
    r_love: 0,
    r_insight: 0,
    r_question: 0,
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.store.transact([
      {
        kind: 'put',
        item: { ...postKey(actor.orgId, id), ...withIndexKeys(record), data: record },
        condition: [{ kind: 'notExists' }],
      },
      publicEntryOperation(record),
      { kind: 'update', key: profileKey(actor.orgId, actor.userId), changes: { add: { posts: 1 } } },
      ...claimed.operations,
    ]);
  } catch (error) {
    // Only the claims can fail: another post took one of the files first, or one just expired.
    if (error instanceof ConditionFailedError) throw await claimRefusal(deps, actor.orgId, claimed.claimedIds);
    throw error;
  }
  await publishPostEvent(deps, record, 'post.created', { authorId: actor.userId });
  if (state === 'published') {
    await notifyMentions(deps, actor, reviewed.mentionedMembers, { postId: id, title: record.title, kind: 'post' });
  }
  return toPostView(actor, record, [], await attachmentUrls(deps, [record]));
}

/**
 * One post. `views` counts distinct readers other than the author: the first read by a reader writes
 * a marker (must not exist) together with the atomic add, so re-reads (a live page refetching after
 * each event) do not inflate it and concurrent first reads still all count.
 */
export async function getPost(deps: CommunityDeps, actor: Actor, postId: string): Promise<PostView> {
  requirePermission(actor, 'post:read');
  let item = await loadVisiblePost(deps.store, actor, postId);
  if (item.data.authorId !== actor.userId && item.data.state === 'published') {
    try {
      await deps.store.transact([
        {
          kind: 'put',
          item: { ...viewMarkerKey(actor.orgId, actor.userId, postId), data: { at: nowIso(deps) } },
          condition: [{ kind: 'notExists' }],
        },
        {
          kind: 'update',
          key: postKey(actor.orgId, postId),
          changes: { add: { views: 1 }, condition: [{ kind: 'exists' }] },
        },
      ]);
      item = await loadPost(deps.store, actor.orgId, postId);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      // Read before: not a new view.
    }
  }
  const mine = await myReactionsOn(deps, actor, [postId]);
  return toPostView(actor, item.data, mine.get(postId) ?? [], await attachmentUrls(deps, [item.data]));
}

export interface UpdatePostInput extends Partial<PostInput> {
  /** The version the author edited (from the post they read); a different current version is a conflict. */
  version: number;
}

export async function updatePost(
  deps: CommunityDeps,
  actor: Actor,
  postId: string,
  input: UpdatePostInput,
): Promise<PostView> {
  requirePermission(actor, 'post:read');
  const item = await loadVisiblePost(deps.store, actor, postId);
  const current = item.data;
  if (current.authorId !== actor.userId) throw AppError.forbidden('post:update', 'Only the author can edit a post');
  if (!Number.isSafeInteger(input.version)) throw AppError.invalidInput('version is required', { field: 'version' });
  if (input.version !== current.revision) {
    throw AppError.conflict('The post changed since you read it', { currentVersion: current.revision });
  }
  if (current.state === 'deleted' || current.state === 'removed') {
    throw AppError.conflict(`A ${current.state} post cannot be edited`, { state: current.state });
  }
  const { limits } = deps;
  const title = input.title === undefined ? current.title : checkText(input.title, 'title', limits.titleMaxChars);
  const content =
    input.content === undefined ? current.content : checkText(input.content, 'content', limits.postMaxChars);
  const claimed =
    input.attachments === undefined
      ? { attachments: current.attachments, operations: [], released: [], claimedIds: [] }
      : await claimAttachments(
          deps,
          actor,
          postId,
          checkAttachmentIds(input.attachments, limits.maxAttachments),
          current.attachments,
        );
  const attachments = claimed.attachments;
  const reviewed = await reviewAndRender(deps, actor, {
    kind: 'post',
    id: postId,
    title,
    text: content,
    attachmentCount: attachments.length,
    isEdit: true,
  });
  // Content a moderator has to look at stays with them; an edit cannot release it.
  const state: ContentState =
    current.state === 'held' || current.state === 'hidden'
      ? current.state
      : reviewed.outcome.verdict === 'held'
        ? 'held'
        : 'published';
  const at = nowIso(deps);
  const next: PostRecord = {
    ...current,
    title: reviewed.title ?? title,
    content: reviewed.text,
    contentHtml: reviewed.html,
    contentType: input.contentType === undefined ? current.contentType : checkContentType(input.contentType),
    attachments,
    tags: input.tags === undefined ? current.tags : checkTags(input.tags, limits),
    visibility: input.visibility === undefined ? current.visibility : checkVisibility(input.visibility),
    state,
    stateReasons: state === 'held' && current.state !== 'held' ? reviewed.outcome.reasons : current.stateReasons,
    revision: current.revision + 1,
    updatedAt: at,
    editedAt: at,
  };
  const revision: RevisionRecord = {
    version: current.revision,
    title: current.title,
    content: current.content,
    editedBy: actor.userId,
    replacedAt: at,
  };
  // Only the fields an edit may change: counters keep their atomic adds.
  const changed: Partial<PostRecord> = {
    title: next.title,
    content: next.content,
    contentHtml: next.contentHtml,
    contentType: next.contentType,
    attachments: next.attachments,
    tags: next.tags,
    visibility: next.visibility,
    state: next.state,
    stateReasons: next.stateReasons,
    revision: next.revision,
    updatedAt: at,
    editedAt: at,
  };
  try {
    await deps.store.transact([
      {
        kind: 'put',
        item: { ...postRevisionKey(actor.orgId, postId, current.revision), data: revision },
        condition: [{ kind: 'notExists' }],
      },
      {
        kind: 'update',
        key: postKey(actor.orgId, postId),
        changes: { set: changed, index: indexChanges(next), condition: unchangedSince(current) },
      },
      publicEntryOperation(next),
      ...claimed.operations,
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      throw error.index !== undefined && error.index >= 3
        ? await claimRefusal(deps, actor.orgId, claimed.claimedIds)
        : AppError.conflict('The post changed since you read it');
    }
    throw error;
  }
  await discardAttachments(deps, actor.orgId, claimed.released);
  const stored = await loadPost(deps.store, actor.orgId, postId);
  await publishPostEvent(deps, stored.data, 'post.edited', {}, current);
  const mine = await myReactionsOn(deps, actor, [postId]);
  return toPostView(actor, stored.data, mine.get(postId) ?? [], await attachmentUrls(deps, [stored.data]));
}

/** Author deletion is soft: the post stays (its comments keep their thread) but reads "[deleted by author]". */
export async function deletePost(deps: CommunityDeps, actor: Actor, postId: string): Promise<void> {
  requirePermission(actor, 'post:read');
  const item = await loadVisiblePost(deps.store, actor, postId);
  if (item.data.authorId !== actor.userId) throw AppError.forbidden('post:delete', 'Only the author can delete a post');
  if (item.data.state === 'deleted') return;
  await setPostState(deps, actor.orgId, postId, 'deleted', 'deleted by author');
  // The author took the post back: its files go too (each file belongs to this post only).
  await discardAttachments(deps, actor.orgId, item.data.attachments ?? []);
}

/** Moves a post to a state (author deletion, moderator decisions, automatic hiding); idempotent. */
export async function setPostState(
  deps: CommunityDeps,
  orgId: string,
  postId: string,
  state: ContentState,
  reason: string,
): Promise<void> {
  // A concurrent edit or state change fails the condition; re-read and apply again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await loadPost(deps.store, orgId, postId);
    if (item.data.state === state) return;
    const next: PostRecord = {
      ...item.data,
      state,
      stateReasons: state === 'published' ? [] : [reason],
      updatedAt: new Date(deps.clock.nowMs()).toISOString(),
    };
    const operations: TransactOperation[] = [
      {
        kind: 'update',
        key: postKey(orgId, postId),
        changes: {
          set: { state: next.state, stateReasons: next.stateReasons, updatedAt: next.updatedAt },
          index: indexChanges(next),
          condition: unchangedSince(item.data),
        },
      },
      publicEntryOperation(next),
    ];
    try {
      await deps.store.transact(operations);
    } catch (error) {
      if (error instanceof ConditionFailedError) continue;
      throw error;
    }
    await publishPostEvent(deps, next, state === 'published' ? 'post.created' : 'post.removed', {}, item.data);
    if (item.data.state === 'held' && state === 'published') {
      // Held at creation or edit, so nobody was told yet: mentions notify now.
      const writer = { orgId, userId: next.authorId };
      const mentioned = await mentionedMembersOf(deps, orgId, next.content);
      await notifyMentions(deps, writer, mentioned, { postId, title: next.title, kind: 'post' });
    }
    return;
  }
  throw AppError.conflict('The post kept changing; try again');
}

export interface RevisionView {
  version: number;
  title: string | null;
  content: string;
  editedBy: string;
  replacedAt: string;
}

/** Earlier texts of a post, newest first (readers who may see the post see its history, as on Discourse). */
export async function getPostHistory(
  deps: CommunityDeps,
  actor: Actor,
  postId: string,
  cursor?: string,
): Promise<{ items: RevisionView[]; nextCursor: string | null }> {
  requirePermission(actor, 'post:read');
  const post = await loadVisiblePost(deps.store, actor, postId);
  const redacted = toPostView(actor, post.data).content !== post.data.content;
  if (redacted) return { items: [], nextCursor: null };
  const page = await deps.store.query<RevisionRecord>({
    pk: postPartition(actor.orgId, postId),
    sk: { beginsWith: postRevisionPrefix },
    reverse: true,
    limit: 50,
    ...(cursor ? { cursor } : {}),
  });
  return {
    items: page.items.map(({ data }) => ({
      version: data.version,
      title: data.title ?? null,
      content: data.content,
      editedBy: data.editedBy,
      replacedAt: data.replacedAt,
    })),
    nextCursor: page.nextCursor,
  };
}
