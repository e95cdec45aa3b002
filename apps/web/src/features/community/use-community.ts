/** Server state of the community pages, and the live stream that keeps it fresh. */
import type { CommentPage, PostPage, ReactionType } from '@diatonic/api-schemas';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  createComment,
  createPost,
  type FeedQuery,
  getPost,
  getProfile,
  listComments,
  listPosts,
  react,
  updateProfile,
} from '../../api/community-api.ts';
import { followCommunityStream } from '../../api/community-stream.ts';
import { useSession } from '../auth/use-session.ts';

export const communityKey = (orgId: string | null) => ['community', orgId] as const;
const feedKey = (orgId: string | null, query: FeedQuery) => [...communityKey(orgId), 'feed', query] as const;
const postKey = (orgId: string | null, postId: string) => [...communityKey(orgId), 'post', postId] as const;
const commentsKey = (orgId: string | null, postId: string) => [...communityKey(orgId), 'comments', postId] as const;
const profileKey = (orgId: string | null, userId: string) => [...communityKey(orgId), 'profile', userId] as const;

export function useFeed(query: FeedQuery) {
  const { activeOrganizationId } = useSession();
  return useInfiniteQuery({
    queryKey: feedKey(activeOrganizationId, query),
    initialPageParam: null as string | null,
    getNextPageParam: (page: PostPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listPosts(query, pageParam, signal),
  });
}

export function usePost(postId: string) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: postKey(activeOrganizationId, postId),
    queryFn: ({ signal }) => getPost(postId, signal),
  });
}

export function useComments(postId: string) {
  const { activeOrganizationId } = useSession();
  return useInfiniteQuery({
    queryKey: commentsKey(activeOrganizationId, postId),
    initialPageParam: null as string | null,
    getNextPageParam: (page: CommentPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listComments(postId, pageParam, signal),
  });
}

export function useProfile(userId: string) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: profileKey(activeOrganizationId, userId),
    queryFn: ({ signal }) => getProfile(userId, signal),
  });
}

/** Any community write refreshes every community query of the organisation. */
function useInvalidateCommunity() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return () => queryClient.invalidateQueries({ queryKey: communityKey(activeOrganizationId) });
}

export function useCreatePost() {
  const invalidate = useInvalidateCommunity();
  return useMutation({ mutationFn: createPost, onSuccess: invalidate });
}

export function useCreateComment(postId: string) {
  const invalidate = useInvalidateCommunity();
  return useMutation({
    mutationFn: ({ content, parentCommentId }: { content: string; parentCommentId?: string }) =>
      createComment(postId, content, parentCommentId),
    onSuccess: invalidate,
  });
}

export function useReact() {
  const invalidate = useInvalidateCommunity();
  return useMutation({
    mutationFn: ({ kind, targetId, type }: { kind: 'post' | 'comment'; targetId: string; type: ReactionType }) =>
      react(kind, targetId, type),
    onSuccess: invalidate,
  });
}

export function useUpdateProfile(userId: string) {
  const invalidate = useInvalidateCommunity();
  return useMutation({
    mutationFn: (input: Parameters<typeof updateProfile>[1]) => updateProfile(userId, input),
    onSuccess: invalidate,
  });
}

/** Follows the organisation's event stream while mounted; each event refetches what is on screen. */
export function useLiveCommunity(): { connected: boolean } {
  const queryClient = useQueryClient();
  const { activeOrganizationId, isSignedIn } = useSession();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!isSignedIn) return;
    const controller = new AbortController();
    void followCommunityStream({
      signal: controller.signal,
      onOpen: () => setConnected(true),
      onEvent: () => {
        void queryClient.invalidateQueries({ queryKey: communityKey(activeOrganizationId) });
      },
    });
    return () => {
      controller.abort();
      setConnected(false);
    };
  }, [queryClient, activeOrganizationId, isSignedIn]);
  return { connected };
}
