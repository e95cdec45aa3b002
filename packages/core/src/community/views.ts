/** Records → what the API returns. Removed and deleted content is redacted for everyone but its author and moderators. */
import type { Actor } from '../shared/actor.ts';
import { isModerator } from './access.ts';
import {
  type AuthorProfile,
  type CommentRecord,
  type ContentState,
  type ContentType,
  type PostAttachment,
  type PostRecord,
  type ReactionCounters,
  type ReactionType,
  reactionTypes,
  type Visibility,
} from './records.ts';

export type ReactionCounts = Record<ReactionType, number>;

export interface AttachmentView {
  uploadId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  /** Short-lived signed links (null when no blob store signs them). */
  url: string | null;
  thumbnailUrl: string | null;
}

export interface PostView {
  id: string;
  organizationId: string;
  title: string;
  content: string;
  contentHtml: string;
  contentType: ContentType;
  attachments: AttachmentView[];
  tags: string[];
  visibility: Visibility;
  authorId: string;
  authorProfile: AuthorProfile;
  state: ContentState;
  /** Shown to the author (and moderators): why the post is held, hidden, removed or deleted. */
  stateReasons: string[];
  metrics: { views: number; likes: number; comments: number; shares: number };
  reactionCounts: ReactionCounts;
  /** The caller's own reactions. */
  myReactions: ReactionType[];
  version: number;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
}

export interface CommentView {
  id: string;
  postId: string;
  parentCommentId: string | null;
  replyToCommentId: string | null;
  depth: number;
  content: string;
  contentHtml: string;
  authorId: string;
  authorProfile: AuthorProfile;
  state: ContentState;
  stateReasons: string[];
  reactionCounts: ReactionCounts;
  myReactions: ReactionType[];
  version: number;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
}

export function reactionCountsOf(record: ReactionCounters): ReactionCounts {
  return Object.fromEntries(reactionTypes.map((type) => [type, record[`r_${type}`] ?? 0])) as ReactionCounts;
}

export const totalReactions = (record: ReactionCounters) =>
  reactionTypes.reduce((sum, type) => sum + (record[`r_${type}`] ?? 0), 0);

const redactedText: Record<'removed' | 'deleted', string> = {
  removed: '[removed by moderator]',
  deleted: '[deleted by author]',
};

function redacts(actor: Actor, state: ContentState, authorId: string): state is 'removed' | 'deleted' {
  if (state !== 'removed' && state !== 'deleted') return false;
  if (isModerator(actor)) return false;
  return !(state === 'removed' && authorId === actor.userId);
}

/** Reasons are for the author and moderators only. */
const reasonsFor = (actor: Actor, authorId: string, reasons: string[]) =>
  authorId === actor.userId || isModerator(actor) ? reasons : [];

/**
 * `urls` maps stored object keys to signed links (attachments.ts `attachmentUrls`). A deleted post's
 * files are gone (discarded with it), so it lists none, for moderators too.
 */
export function toPostView(
  actor: Actor,
  record: PostRecord,
  myReactions: ReactionType[] = [],
  urls: ReadonlyMap<string, string> = new Map(),
): PostView {
  const hide = actor.orgId === record.organizationId && redacts(actor, record.state, record.authorId);
  const placeholder = hide ? redactedText[record.state as 'removed' | 'deleted'] : '';
  return {
    id: record.id,
    organizationId: record.organizationId,
    title: hide ? placeholder : record.title,
    content: hide ? placeholder : record.content,
    contentHtml: hide ? `<p>${placeholder}</p>` : record.contentHtml,
    contentType: record.contentType,
    attachments:
      hide || record.state === 'deleted' ? [] : (record.attachments ?? []).map((file) => attachmentView(file, urls)),
    tags: record.tags,
    visibility: record.visibility,
    authorId: record.authorId,
    authorProfile: record.authorProfile,
    state: record.state,
    stateReasons: reasonsFor(actor, record.authorId, record.stateReasons),
    metrics: {
      views: record.views ?? 0,
      likes: record.r_like ?? 0,
      comments: record.comments ?? 0,
      shares: record.shares ?? 0,
    },
    reactionCounts: reactionCountsOf(record),
    myReactions,
    version: record.revision,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    editedAt: record.editedAt ?? null,
  };
}

function attachmentView(file: PostAttachment, urls: ReadonlyMap<string, string>): AttachmentView {
  return {
    uploadId: file.uploadId,
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    width: file.width ?? null,
    height: file.height ?? null,
    pageCount: file.pageCount ?? null,
    url: urls.get(file.key) ?? null,
    thumbnailUrl: file.thumbnailKey ? (urls.get(file.thumbnailKey) ?? null) : null,
  };
}

export function toCommentView(actor: Actor, record: CommentRecord, myReactions: ReactionType[] = []): CommentView {
  const hide = redacts(actor, record.state, record.authorId);
  const placeholder = hide ? redactedText[record.state as 'removed' | 'deleted'] : '';
  return {
    id: record.id,
    postId: record.postId,
    parentCommentId: record.parentCommentId,
    replyToCommentId: record.replyToCommentId,
    depth: record.depth,
    content: hide ? placeholder : record.content,
    contentHtml: hide ? `<p>${placeholder}</p>` : record.contentHtml,
    authorId: record.authorId,
    authorProfile: record.authorProfile,
    state: record.state,
    stateReasons: reasonsFor(actor, record.authorId, record.stateReasons),
    reactionCounts: reactionCountsOf(record),
    myReactions,
    version: record.revision,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    editedAt: record.editedAt ?? null,
  };
}
