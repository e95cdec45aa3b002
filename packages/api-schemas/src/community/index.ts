/**
 * Wire schemas of the community routes (`/api/community`, issue 5): posts, comments, reactions,
 * profiles, feeds and the live event log. Markdown arrives in `content`; the server returns it
 * rendered and sanitised as `contentHtml`.
 */
import { z } from 'zod';

export const communityContentTypes = ['text', 'rich_text', 'link', 'image'] as const;
export const communityVisibilities = ['public', 'organization', 'private'] as const;
export const communityReactionTypes = ['like', 'love', 'insight', 'question'] as const;
export const communityContentStates = ['published', 'held', 'hidden', 'removed', 'deleted'] as const;
export const communityFeedSorts = ['latest', 'hot', 'top'] as const;
export const communityFeedPeriods = ['day', 'week', 'month', 'all'] as const;

export const communityLimits = {
  titleMaxChars: 300,
  postMaxChars: 40_000,
  commentMaxChars: 10_000,
  maxTags: 5,
  /** Files on one post (moderation's trust levels allow fewer: new members 1). */
  maxAttachments: 10,
} as const;

/** What a post's files may be, and how large (the server checks; the picker offers these). */
export const attachmentContentTypes = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
] as const;

/** A file a post carries, with short-lived signed links. */
export const PostAttachment = z
  .object({
    uploadId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    pageCount: z.number().int().nullable(),
    url: z.string().nullable(),
    thumbnailUrl: z.string().nullable(),
  })
  .meta({ id: 'PostAttachment' });
export type PostAttachment = z.infer<typeof PostAttachment>;

/** Ask for an upload URL for a post attachment (an image or a PDF); attach the upload id once it is ready. */
export const AttachmentUploadRequest = z
  .strictObject({
    fileName: z.string().min(1).max(255),
    contentType: z.string().min(3).max(100),
    sizeBytes: z.number().int().min(1),
    /** Always `attachment` (accepted so the generic upload client can send its purpose). */
    purpose: z.literal('attachment').optional(),
  })
  .meta({ id: 'AttachmentUploadRequest' });
export type AttachmentUploadRequest = z.infer<typeof AttachmentUploadRequest>;

/** Upload ids (`upl_…`) of ready post attachments the author uploaded. */
const AttachmentIds = z.array(z.string().regex(/^upl_[0-9A-Z]{26}$/)).max(communityLimits.maxAttachments);

const Tag = z
  .string()
  .min(1)
  .max(30)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*$/, 'a-z, 0-9 and -');

export const AuthorProfile = z
  .object({ name: z.string(), role: z.string(), avatarUrl: z.string().nullable() })
  .meta({ id: 'CommunityAuthorProfile' });

export const ReactionCounts = z
  .object({ like: z.number().int(), love: z.number().int(), insight: z.number().int(), question: z.number().int() })
  .meta({ id: 'ReactionCounts' });
export type ReactionCounts = z.infer<typeof ReactionCounts>;

const ReactionType = z.enum(communityReactionTypes);
export type ReactionType = z.infer<typeof ReactionType>;

export const Post = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    title: z.string(),
    content: z.string(),
    contentHtml: z.string(),
    contentType: z.enum(communityContentTypes),
    attachments: z.array(PostAttachment),
    tags: z.array(z.string()),
    visibility: z.enum(communityVisibilities),
    authorId: z.string(),
    authorProfile: AuthorProfile,
    state: z.enum(communityContentStates),
    stateReasons: z.array(z.string()),
    metrics: z.object({
      views: z.number().int(),
      likes: z.number().int(),
      comments: z.number().int(),
      shares: z.number().int(),
    }),
    reactionCounts: ReactionCounts,
    myReactions: z.array(ReactionType),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    editedAt: z.string().nullable(),
  })
  .meta({ id: 'Post' });
export type Post = z.infer<typeof Post>;

export const PostPage = z.object({ items: z.array(Post), nextCursor: z.string().nullable() }).meta({ id: 'PostPage' });
export type PostPage = z.infer<typeof PostPage>;

export const CreatePostRequest = z
  .object({
    title: z.string().min(1).max(communityLimits.titleMaxChars),
    content: z.string().min(1).max(communityLimits.postMaxChars),
    contentType: z.enum(communityContentTypes).optional(),
    attachments: AttachmentIds.optional(),
    tags: z.array(Tag).max(communityLimits.maxTags).optional(),
    visibility: z.enum(communityVisibilities).optional(),
  })
  .strict()
  .meta({ id: 'CreatePostRequest' });
export type CreatePostRequest = z.infer<typeof CreatePostRequest>;

export const UpdatePostRequest = CreatePostRequest.partial()
  .extend({ version: z.number().int().min(1) })
  .strict()
  .meta({ id: 'UpdatePostRequest' });
export type UpdatePostRequest = z.infer<typeof UpdatePostRequest>;

export const PostListQuery = z.object({
  sort: z.enum(communityFeedSorts).optional(),
  period: z.enum(communityFeedPeriods).optional(),
  tag: Tag.optional(),
  authorId: z.string().min(1).max(64).optional(),
  scope: z.enum(['organization', 'public']).optional(),
  cursor: z.string().min(1).max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type PostListQuery = z.infer<typeof PostListQuery>;

export const PostRevision = z
  .object({
    version: z.number().int(),
    title: z.string().nullable(),
    content: z.string(),
    editedBy: z.string(),
    replacedAt: z.string(),
  })
  .meta({ id: 'PostRevision' });
export const PostRevisionPage = z
  .object({ items: z.array(PostRevision), nextCursor: z.string().nullable() })
  .meta({ id: 'PostRevisionPage' });

export const Comment = z
  .object({
    id: z.string(),
    postId: z.string(),
    parentCommentId: z.string().nullable(),
    replyToCommentId: z.string().nullable(),
    depth: z.number().int(),
    content: z.string(),
    contentHtml: z.string(),
    authorId: z.string(),
    authorProfile: AuthorProfile,
    state: z.enum(communityContentStates),
    stateReasons: z.array(z.string()),
    reactionCounts: ReactionCounts,
    myReactions: z.array(ReactionType),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    editedAt: z.string().nullable(),
  })
  .meta({ id: 'Comment' });
export type Comment = z.infer<typeof Comment>;

export const CommentPage = z
  .object({ items: z.array(Comment), nextCursor: z.string().nullable() })
  .meta({ id: 'CommentPage' });
export type CommentPage = z.infer<typeof CommentPage>;

export const CreateCommentRequest = z
  .object({
    content: z.string().min(1).max(communityLimits.commentMaxChars),
    parentCommentId: z.string().min(1).max(64).nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateCommentRequest' });
export type CreateCommentRequest = z.infer<typeof CreateCommentRequest>;

export const UpdateCommentRequest = z
  .object({ content: z.string().min(1).max(communityLimits.commentMaxChars), version: z.number().int().min(1) })
  .strict()
  .meta({ id: 'UpdateCommentRequest' });
export type UpdateCommentRequest = z.infer<typeof UpdateCommentRequest>;

export const CommentListQuery = z.object({
  cursor: z.string().min(1).max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const ReactRequest = z.object({ reactionType: ReactionType }).strict().meta({ id: 'ReactRequest' });
export type ReactRequest = z.infer<typeof ReactRequest>;

export const ReactionResult = z
  .object({
    targetKind: z.enum(['post', 'comment']),
    targetId: z.string(),
    reactionType: ReactionType,
    active: z.boolean(),
    reactionCounts: ReactionCounts,
    myReactions: z.array(ReactionType),
  })
  .meta({ id: 'ReactionResult' });
export type ReactionResult = z.infer<typeof ReactionResult>;

const ProfileLink = z.object({ label: z.string().min(1).max(40), url: z.url().max(500) }).strict();

export const CommunityProfile = z
  .object({
    userId: z.string(),
    name: z.string(),
    role: z.string(),
    title: z.string().nullable(),
    bio: z.string().nullable(),
    links: z.array(z.object({ label: z.string(), url: z.string() })),
    avatarUrl: z.string().nullable(),
    stats: z.object({ posts: z.number().int(), comments: z.number().int(), reactionsReceived: z.number().int() }),
    reputation: z.number().int(),
    trustLevel: z.number().int().nullable(),
  })
  .meta({ id: 'CommunityProfile' });
export type CommunityProfile = z.infer<typeof CommunityProfile>;

export const UpdateCommunityProfileRequest = z
  .object({
    name: z.string().min(1).max(80).optional(),
    title: z.string().max(100).nullable().optional(),
    bio: z.string().max(2000).nullable().optional(),
    links: z.array(ProfileLink).max(5).optional(),
    avatarUrl: z.url().max(500).nullable().optional(),
  })
  .strict()
  .meta({ id: 'UpdateCommunityProfileRequest' });
export type UpdateCommunityProfileRequest = z.infer<typeof UpdateCommunityProfileRequest>;

export const communityEventTypes = [
  'post.created',
  'post.edited',
  'post.removed',
  'comment.added',
  'reactions.changed',
] as const;

export const CommunityEvent = z
  .object({
    id: z.string(),
    type: z.enum(communityEventTypes),
    at: z.string(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CommunityEvent' });
export type CommunityEvent = z.infer<typeof CommunityEvent>;

export const CommunityEventPage = z
  .object({ items: z.array(CommunityEvent), lastId: z.string() })
  .meta({ id: 'CommunityEventPage' });
export type CommunityEventPage = z.infer<typeof CommunityEventPage>;

export const CommunityEventQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  scope: z.enum(['organization', 'public']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
