/** Where a post is listed, derived from its state and visibility (see keys.ts). */
import type { NewItem, TransactOperation, UpdateChanges } from '../ports/item-store.ts';
import {
  authorPartition,
  orgFeedPartition,
  privateFeedPartition,
  publicEntryKey,
  publicFeedPartition,
} from './keys.ts';
import type { PostRecord } from './records.ts';

export interface PostIndexKeys {
  gsi1pk: string | null;
  gsi1sk: string | null;
  gsi2pk: string | null;
  gsi2sk: string | null;
}

export function postIndexKeys(post: PostRecord): PostIndexKeys {
  const inFeed = post.state === 'published';
  const feed =
    post.visibility === 'private'
      ? privateFeedPartition(post.organizationId, post.authorId)
      : orgFeedPartition(post.organizationId);
  return {
    gsi1pk: inFeed ? feed : null,
    gsi1sk: inFeed ? post.id : null,
    gsi2pk: authorPartition(post.organizationId, post.authorId),
    gsi2sk: post.id,
  };
}

export const wantsPublicEntry = (post: PostRecord) => post.state === 'published' && post.visibility === 'public';

/** The public-feed entry as a put (when listed publicly) or a delete (otherwise); both idempotent. */
export function publicEntryOperation(post: PostRecord): TransactOperation {
  const key = publicEntryKey(post.organizationId, post.id);
  if (!wantsPublicEntry(post)) return { kind: 'delete', key };
  const item: NewItem = {
    ...key,
    gsi1pk: publicFeedPartition,
    gsi1sk: post.id,
    data: { organizationId: post.organizationId, postId: post.id },
  };
  return { kind: 'put', item };
}

/** The index part of an update that keeps a post's listings in step with its record. */
export function indexChanges(post: PostRecord): NonNullable<UpdateChanges['index']> {
  return postIndexKeys(post);
}

export function withIndexKeys(post: PostRecord) {
  const keys = postIndexKeys(post);
  return Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== null)) as Partial<
    Record<keyof PostIndexKeys, string>
  >;
}
