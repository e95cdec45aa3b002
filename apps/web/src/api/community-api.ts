/** Community routes (`/api/community`), all in the active organisation. */
import {
  Comment,
  CommentPage,
  CommunityProfile,
  type CreatePostRequest,
  Post,
  PostPage,
  ReactionResult,
  type ReactionType,
  type UpdateCommunityProfileRequest,
} from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';

export interface FeedQuery {
  sort: 'latest' | 'hot' | 'top';
  period?: 'day' | 'week' | 'month' | 'all';
  tag?: string;
  authorId?: string;
  scope?: 'organization' | 'public';
}

const id = (value: string) => encodeURIComponent(value);

export function listPosts(query: FeedQuery, cursor: string | null, signal?: AbortSignal): Promise<PostPage> {
  const params = new URLSearchParams({ sort: query.sort, limit: '20' });
  if (query.period) params.set('period', query.period);
  if (query.tag) params.set('tag', query.tag);
  if (query.authorId) params.set('authorId', query.authorId);
  if (query.scope) params.set('scope', query.scope);
  if (cursor) params.set('cursor', cursor);
  return apiAuthed(`/api/community/posts?${params}`, PostPage, { signal });
}

export function getPost(postId: string, signal?: AbortSignal): Promise<Post> {
  return apiAuthed(`/api/community/posts/${id(postId)}`, Post, { signal });
}

export function createPost(input: CreatePostRequest): Promise<Post> {
  return apiAuthed('/api/community/posts', Post, { method: 'POST', body: input });
}

export function listComments(postId: string, cursor: string | null, signal?: AbortSignal): Promise<CommentPage> {
  const params = new URLSearchParams({ limit: '100' });
  if (cursor) params.set('cursor', cursor);
  return apiAuthed(`/api/community/posts/${id(postId)}/comments?${params}`, CommentPage, { signal });
}

export function createComment(postId: string, content: string, parentCommentId?: string): Promise<Comment> {
  return apiAuthed(`/api/community/posts/${id(postId)}/comments`, Comment, {
    method: 'POST',
    body: { content, ...(parentCommentId ? { parentCommentId } : {}) },
  });
}

export function react(kind: 'post' | 'comment', targetId: string, reactionType: ReactionType): Promise<ReactionResult> {
  const path =
    kind === 'post' ? `/api/community/posts/${id(targetId)}/react` : `/api/community/comments/${id(targetId)}/react`;
  return apiAuthed(path as `/api/${string}`, ReactionResult, { method: 'POST', body: { reactionType } });
}

export function getProfile(userId: string, signal?: AbortSignal): Promise<CommunityProfile> {
  return apiAuthed(`/api/community/users/${id(userId)}/profile`, CommunityProfile, { signal });
}

export function updateProfile(userId: string, input: UpdateCommunityProfileRequest): Promise<CommunityProfile> {
  return apiAuthed(`/api/community/users/${id(userId)}/profile`, CommunityProfile, { method: 'PUT', body: input });
}
