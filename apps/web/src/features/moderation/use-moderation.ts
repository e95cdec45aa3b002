/** Server state of the moderation pages: the queue by state, one item, the word list, and the changes. */
import type { DecisionRequest, QueueItemPage, UpdateWordListRequest } from '@diatonic/api-schemas';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  appealQueueItem,
  decideQueueItem,
  getQueueItem,
  getWordList,
  listQueue,
  type QueueState,
  updateWordList,
} from '../../api/moderation-api.ts';
import { useSession } from '../auth/use-session.ts';

const moderationKey = (orgId: string | null) => ['moderation', orgId] as const;

/** `enabled`: false until the caller is known to review content here (others would only get a 403). */
export function useQueue(state: QueueState, enabled = true) {
  const { activeOrganizationId } = useSession();
  return useInfiniteQuery({
    queryKey: [...moderationKey(activeOrganizationId), 'queue', state],
    enabled,
    staleTime: 0,
    initialPageParam: null as string | null,
    getNextPageParam: (page: QueueItemPage) => page.nextCursor,
    queryFn: ({ signal, pageParam }) => listQueue(state, pageParam, signal),
  });
}

export function useQueueItem(id: string) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: [...moderationKey(activeOrganizationId), 'item', id],
    staleTime: 0,
    queryFn: ({ signal }) => getQueueItem(id, signal),
  });
}

export function useDecide() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: DecisionRequest }) => decideQueueItem(id, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: moderationKey(activeOrganizationId) }),
  });
}

export function useAppeal() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: ({ id, message }: { id: string; message: string }) => appealQueueItem(id, message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: moderationKey(activeOrganizationId) }),
  });
}

export function useWordList(enabled = true) {
  const { activeOrganizationId } = useSession();
  return useQuery({
    queryKey: [...moderationKey(activeOrganizationId), 'words'],
    enabled,
    staleTime: 0,
    queryFn: ({ signal }) => getWordList(signal),
  });
}

export function useSaveWordList() {
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  return useMutation({
    mutationFn: (input: UpdateWordListRequest) => updateWordList(input),
    onSuccess: (saved) => queryClient.setQueryData([...moderationKey(activeOrganizationId), 'words'], saved),
  });
}
