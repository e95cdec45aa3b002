/**
 * What community publishes to the event log. Only content every member may see reaches the
 * organisation's channel (published, not private); public posts also reach the public channel.
 * Payloads carry ids and counts, not text: clients refetch what they show. Publishing happens after
 * the write committed and never fails the request (a lost event is a gap readers tolerate).
 */
import type { CommunityDeps } from './community-deps.ts';
import { orgChannel, publicChannel } from './keys.ts';
import type { PostRecord } from './records.ts';

export const communityEventTypes = [
  'post.created',
  'post.edited',
  'post.removed',
  'comment.added',
  'reactions.changed',
] as const;
export type CommunityEventType = (typeof communityEventTypes)[number];

const listedInOrg = (post: PostRecord | undefined) => post?.state === 'published' && post.visibility !== 'private';
const listedInPublic = (post: PostRecord | undefined) => post?.state === 'published' && post.visibility === 'public';

/**
 * Publishes `type` to each channel that lists the post; a channel that listed `previous` but no longer
 * lists the post gets `post.removed` instead, so live feeds drop it.
 */
export async function publishPostEvent(
  deps: CommunityDeps,
  post: PostRecord,
  type: CommunityEventType,
  payload: Record<string, unknown> = {},
  previous?: PostRecord,
): Promise<void> {
  const body = { postId: post.id, organizationId: post.organizationId, ...payload };
  const targets: [string, CommunityEventType][] = [];
  const route = (channel: string, now: boolean, before: boolean) => {
    if (now) targets.push([channel, type]);
    else if (before) targets.push([channel, 'post.removed']);
  };
  route(orgChannel(post.organizationId), listedInOrg(post), listedInOrg(previous));
  route(publicChannel, listedInPublic(post), listedInPublic(previous));
  for (const [channel, eventType] of targets) {
    try {
      await deps.events.append(
        channel,
        eventType,
        eventType === 'post.removed' ? { postId: post.id, organizationId: post.organizationId } : body,
      );
    } catch {
      // The write is already committed; a missing event is a gap, which readers tolerate.
    }
  }
}
