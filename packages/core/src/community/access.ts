/** Who may see and change community content. Invisible content answers 404, never 403. */
import { can, type Permission } from '../identity/roles.ts';
import type { ItemStore, StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { commentKey, commentRefKey, postKey } from './keys.ts';
import type { CommentRecord, CommentRefRecord, ContentState, PostRecord, Visibility } from './records.ts';

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw AppError.forbidden(permission);
}

export const isModerator = (actor: Actor) => can(actor.role, 'moderation:review');

const idPattern = (prefix: string) => new RegExp(`^${prefix}_[0-9A-Z]{26}$`);
const postIdPattern = idPattern('pst');
const commentIdPattern = idPattern('cmt');

/** Whether the viewer may see that the content exists at all. */
export function canSee(
  actor: Actor,
  content: { authorId: string; state: ContentState; visibility?: Visibility },
  viewerOrgId: string,
  organizationId: string,
): boolean {
  const own = content.authorId === actor.userId && viewerOrgId === organizationId;
  if (viewerOrgId !== organizationId) {
    // Another organisation's content: only published public posts, through the public scope.
    return content.visibility === 'public' && content.state === 'published';
  }
  if (content.visibility === 'private' && !own) return false;
  if (content.state === 'held' || content.state === 'hidden') return own || isModerator(actor);
  return true;
}

export async function loadPost(store: ItemStore, orgId: string, postId: string): Promise<StoredItem<PostRecord>> {
  if (!postIdPattern.test(postId)) throw AppError.notFound('post', postId);
  const item = await store.get<PostRecord>(postKey(orgId, postId));
  if (!item) throw AppError.notFound('post', postId);
  return item;
}

/** The post, or 404 when it does not exist in the actor's organisation or the actor may not see it. */
export async function loadVisiblePost(store: ItemStore, actor: Actor, postId: string): Promise<StoredItem<PostRecord>> {
  const item = await loadPost(store, actor.orgId, postId);
  if (!canSee(actor, item.data, actor.orgId, item.data.organizationId)) throw AppError.notFound('post', postId);
  return item;
}

export async function loadComment(
  store: ItemStore,
  orgId: string,
  commentId: string,
): Promise<StoredItem<CommentRecord> | undefined> {
  if (!commentIdPattern.test(commentId)) return undefined;
  const ref = await store.get<CommentRefRecord>(commentRefKey(orgId, commentId));
  if (!ref) return undefined;
  return store.get<CommentRecord>(commentKey(orgId, ref.data.postId, ref.data.path));
}

/** The comment and its post, or 404 when either is invisible to the actor. */
export async function loadVisibleComment(
  store: ItemStore,
  actor: Actor,
  commentId: string,
): Promise<{ comment: StoredItem<CommentRecord>; post: StoredItem<PostRecord> }> {
  const comment = await loadComment(store, actor.orgId, commentId);
  if (!comment) throw AppError.notFound('comment', commentId);
  const post = await loadVisiblePost(store, actor, comment.data.postId).catch(() => {
    throw AppError.notFound('comment', commentId);
  });
  if (!canSee(actor, { ...comment.data, visibility: 'organization' }, actor.orgId, actor.orgId)) {
    throw AppError.notFound('comment', commentId);
  }
  return { comment, post };
}
