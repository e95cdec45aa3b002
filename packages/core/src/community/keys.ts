/**
 * Every item key the community module writes. All are tenant-owned (partition starts with T#<orgId>)
 * except the public-feed index entries, which live in a tenant partition too and are only *queried*
 * across tenants through gsi1 `PUBLIC#POSTS` (the one named cross-tenant read, `listPublicPosts`).
 *
 *   T#<org>#POST#<postId>   / POST                   the post; gsi1 feed (see below), gsi2 author index
 *   T#<org>#POST#<postId>   / REV#<version, 6 digits> the post as it was before edit <version>
 *   T#<org>#POST#<postId>   / PUBLIC                 public-feed entry; gsi1 PUBLIC#POSTS / <postId>
 *   T#<org>#POST#<postId>   / C#<path>               a comment; path = ancestor ids and its own, joined by '.';
 *                                                    gsi2 T#<org>#CAUTHOR#<authorId> / <commentId>
 *   T#<org>#POST#<postId>   / CREV#<commentId>#<v>    a comment as it was before edit <v>
 *   T#<org>#COMMENT#<cid>   / REF                    comment id → post id and path
 *   T#<org>#REACT#<userId>  / <targetId>#<type>      one reaction of one user
 *   T#<org>#REACT#<userId>  / <postId>#VIEW          marker: this user has read the post (distinct views)
 *   T#<org>#COMMUNITY       / PROFILE#<userId>       community profile and activity counters
 *   T#<org>#COMMUNITY       / ATTACH#<uploadId>      an uploaded post attachment; `postId` once a post claims it
 *
 * Post feed index (gsi1): published posts visible to the organisation (visibility organization or
 * public) sit in `T#<org>#FEED`; a private post sits in `T#<org>#FEED#PRIVATE#<authorId>`; held, hidden,
 * removed and deleted posts leave the feed. gsi1sk is the post id (sortable by creation time).
 * Author index (gsi2): `T#<org>#AUTHOR#<authorId>` / <postId> for every post (account export and
 * deletion find a user's content through it and the comments' `CAUTHOR` index).
 */
import type { ItemKey } from '../ports/item-store.ts';

export const postPartition = (orgId: string, postId: string) => `T#${orgId}#POST#${postId}`;
export const postKey = (orgId: string, postId: string): ItemKey => ({ pk: postPartition(orgId, postId), sk: 'POST' });
export const postRevisionKey = (orgId: string, postId: string, version: number): ItemKey => ({
  pk: postPartition(orgId, postId),
  sk: `REV#${String(version).padStart(6, '0')}`,
});
export const postRevisionPrefix = 'REV#';
export const publicEntryKey = (orgId: string, postId: string): ItemKey => ({
  pk: postPartition(orgId, postId),
  sk: 'PUBLIC',
});

export const orgFeedPartition = (orgId: string) => `T#${orgId}#FEED`;
export const privateFeedPartition = (orgId: string, authorId: string) => `T#${orgId}#FEED#PRIVATE#${authorId}`;
export const authorPartition = (orgId: string, authorId: string) => `T#${orgId}#AUTHOR#${authorId}`;
/** The only partition read across tenants. */
export const publicFeedPartition = 'PUBLIC#POSTS';

export const commentAuthorPartition = (orgId: string, authorId: string) => `T#${orgId}#CAUTHOR#${authorId}`;
export const reactionPartition = (orgId: string, userId: string) => `T#${orgId}#REACT#${userId}`;

export const commentPrefix = 'C#';
export const commentKey = (orgId: string, postId: string, path: string): ItemKey => ({
  pk: postPartition(orgId, postId),
  sk: `${commentPrefix}${path}`,
});
export const commentRevisionKey = (orgId: string, postId: string, commentId: string, version: number): ItemKey => ({
  pk: postPartition(orgId, postId),
  sk: `CREV#${commentId}#${String(version).padStart(6, '0')}`,
});
export const commentRefKey = (orgId: string, commentId: string): ItemKey => ({
  pk: `T#${orgId}#COMMENT#${commentId}`,
  sk: 'REF',
});

export const reactionKey = (orgId: string, userId: string, targetId: string, type: string): ItemKey => ({
  pk: reactionPartition(orgId, userId),
  sk: `${targetId}#${type}`,
});

export const viewMarkerKey = (orgId: string, userId: string, postId: string): ItemKey => ({
  pk: reactionPartition(orgId, userId),
  sk: `${postId}#VIEW`,
});

/** A file a member uploaded for a post (the uploads pipeline's `post-attachment` owner); `postId` once claimed. */
export const attachmentKey = (orgId: string, uploadId: string): ItemKey => ({
  pk: `T#${orgId}#COMMUNITY`,
  sk: `ATTACH#${uploadId}`,
});

export const profileKey = (orgId: string, userId: string): ItemKey => ({
  pk: `T#${orgId}#COMMUNITY`,
  sk: `PROFILE#${userId}`,
});

/** Event-log channels (core/src/events). */
export const orgChannel = (orgId: string) => `T#${orgId}#COMMUNITY`;
export const publicChannel = 'PUBLIC#COMMUNITY';
