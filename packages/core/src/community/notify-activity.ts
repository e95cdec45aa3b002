/**
 * In-app notifications raised by community activity, through the injected `Notify`: replies to my
 * post or comment, and @mentions. Never to the actor themself, once per recipient per event (dedupe
 * keys), and only for content published at once (held content raises none, see README). A failing
 * notification never fails the write that raised it.
 */
import type { Actor } from '../shared/actor.ts';
import type { CommunityDeps } from './community-deps.ts';

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
  actor: Actor,
  mentioned: ReadonlyMap<string, string>,
  source: MentionSource,
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
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
  actor: Actor,
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
