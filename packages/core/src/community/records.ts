/** What the community module stores (see keys.ts for where). */
import type { OrgRole } from '../identity/roles.ts';

export const contentTypes = ['text', 'rich_text', 'link', 'image'] as const;
export type ContentType = (typeof contentTypes)[number];

export const visibilities = ['public', 'organization', 'private'] as const;
export type Visibility = (typeof visibilities)[number];

export const reactionTypes = ['like', 'love', 'insight', 'question'] as const;
export type ReactionType = (typeof reactionTypes)[number];

/** published → everyone allowed by visibility; held/hidden → author and moderators; removed/deleted → redacted. */
export const contentStates = ['published', 'held', 'hidden', 'removed', 'deleted'] as const;
export type ContentState = (typeof contentStates)[number];

export interface AuthorProfile {
  name: string;
  role: OrgRole;
  avatarUrl: string | null;
}

/** Reaction counters are top-level numeric fields so they can be added to atomically. */
export interface ReactionCounters {
  r_like?: number;
  r_love?: number;
  r_insight?: number;
  r_question?: number;
}

/** A processed file as a post carries it (from the uploads pipeline; objects under the author's prefix). */
export interface PostAttachment {
  uploadId: string;
  key: string;
  contentType: string;
  fileName: string;
  sizeBytes: number;
  width?: number;
  height?: number;
  pageCount?: number;
  thumbnailKey?: string;
}

/** An uploaded attachment waiting for (or claimed by) a post. */
export interface AttachmentRecord extends PostAttachment {
  [key: string]: unknown;
  authorId: string;
  /** The post that carries it; absent until a post claims it. */
  postId?: string;
  attachedAt: string;
}

export interface PostRecord extends ReactionCounters {
  [key: string]: unknown;
  id: string;
  organizationId: string;
  authorId: string;
  authorProfile: AuthorProfile;
  title: string;
  content: string;
  contentHtml: string;
  contentType: ContentType;
  attachments: PostAttachment[];
  tags: string[];
  visibility: Visibility;
  state: ContentState;
  /** Why it is held, hidden, removed or deleted (shown to the author). */
  stateReasons: string[];
  /** Text revision, 1 at creation, +1 per edit: the optimistic version an edit must name. */
  revision: number;
  views?: number;
  comments?: number;
  shares?: number;
  createdAt: string;
  updatedAt: string;
  editedAt?: string;
}

export interface RevisionRecord {
  [key: string]: unknown;
  version: number;
  title?: string;
  content: string;
  editedBy: string;
  /** When this text was replaced. */
  replacedAt: string;
}

export interface CommentRecord extends ReactionCounters {
  [key: string]: unknown;
  id: string;
  organizationId: string;
  postId: string;
  authorId: string;
  authorProfile: AuthorProfile;
  /** The comment this one hangs under in the tree (null at the top level). */
  parentCommentId: string | null;
  /** The comment the author answered; differs from the parent when the reply was attached at the depth limit. */
  replyToCommentId: string | null;
  path: string;
  depth: number;
  content: string;
  contentHtml: string;
  state: ContentState;
  stateReasons: string[];
  revision: number;
  createdAt: string;
  updatedAt: string;
  editedAt?: string;
}

export interface CommentRefRecord {
  [key: string]: unknown;
  postId: string;
  path: string;
}

export interface ProfileLink {
  label: string;
  url: string;
}

export interface ProfileRecord {
  [key: string]: unknown;
  userId: string;
  organizationId: string;
  name?: string;
  title?: string;
  bio?: string;
  links?: ProfileLink[];
  avatarUrl?: string | null;
  /** Activity counters (atomic adds): trust and reputation are computed from them. */
  posts?: number;
  comments?: number;
  reactionsReceived?: number;
  updatedAt?: string;
}

export interface ReactionRecord {
  [key: string]: unknown;
  targetId: string;
  targetKind: 'post' | 'comment';
  postId: string;
  type: ReactionType;
  at: string;
}
