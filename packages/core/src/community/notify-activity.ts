/**
 * In-app notifications raised by community activity, through the injected `Notify`: replies to my
 * post or comment, and @mentions. Never to the actor themself, once per recipient per event (dedupe
 * keys). Content held by moderation notifies when a moderator publishes it (with the same dedupe keys,
 * so nobody hears twice). A failing notification never fails the write that raised it.
 */
import type { Actor } from '../shared/actor.ts';
import type { CommunityDeps } from './community-deps.ts';
import { extractMentions } from './markdown.ts';

/** Who wrote the content: the acting user, or the author when a moderator's decision publishes it. */
export type Writer = Pick<Actor, 'orgId' | 'userId'>;

/** Members of the organisation mentioned as `@usr_…` in the text, with their names (at most 20). */
export async function mentionedMembersOf(
  deps: CommunityDeps,
  orgId: string,
  text: string,
): Promise<Map<string, string>> {
  const members = new Map<string, string>();
  for (const userId of extractMentions(text).slice(0, 20)) {
    const member = await deps.findMember(orgId, userId);
    if (member) members.set(userId, member.name);
  }
  return members;
}

interface MentionSource {
  kind: 'post' | 'comment';
  postId: string;
  title: string;
  commentId?: string;
}

const postLink = (postId: string, commentId?: string) =>
  `/community/posts/${postId}${commentId ? `#${commentId}` : ''}`;

async function safely(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch {
    // Notifications are best effort relative to the content write, which already committed.
  }
}

export async function notifyMentions(
  deps: CommunityDeps,
  actor: Writer,
  mentioned: ReadonlyMap<string, string>,
  source: MentionSource,
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (mentioned.size === 0) return;
  const author = await deps.findMember(actor.orgId, actor.userId);
  for (const userId of mentioned.keys()) {
    if (userId === actor.userId || skip.has(userId)) continue;
    const sourceId = source.commentId ?? source.postId;
    await safely(() =>
      deps.notify({
        organizationId: actor.orgId,
        userId,
        kind: 'community.mention',
        title: `${author?.name ?? 'Someone'} mentioned you in ${source.kind === 'post' ? 'a post' : 'a comment'}`,
        body: source.title,
        link: postLink(source.postId, source.commentId),
        dedupeKey: `community.mention:${sourceId}:${userId}`,
      }),
    );
  }
}

/** Notifies the post's author and the author of the comment replied to; returns who was notified. */
export async function notifyReply(
  deps: CommunityDeps,
  actor: Writer,
  reply: { postId: string; postTitle: string; postAuthorId: string; commentId: string; repliedToAuthorId?: string },
): Promise<Set<string>> {
  const author = await deps.findMember(actor.orgId, actor.userId);
  const name = author?.name ?? 'Someone';
  const notified = new Set<string>();
  const send = async (userId: string, title: string) => {
    if (userId === actor.userId || notified.has(userId)) return;
    notified.add(userId);
    await safely(() =>
      deps.notify({
        organizationId: actor.orgId,
        userId,
        kind: 'community.reply',
        title,
        body: reply.postTitle,
        link: postLink(reply.postId, reply.commentId),
        dedupeKey: `community.reply:${reply.commentId}:${userId}`,
      }),
    );
  };
  if (reply.repliedToAuthorId) await send(reply.repliedToAuthorId, `${name} replied to your comment`);
  await send(reply.postAuthorId, `${name} commented on your post`);
  return notified;
}
