/** Community moderation: the queue, one item, decisions, appeals and the word list (active organisation). */
import {
  type DecisionRequest,
  QueueItem,
  QueueItemPage,
  type UpdateWordListRequest,
  WordList,
} from '@diatonic/api-schemas';
import { apiAuthed } from './authed-request.ts';

export type QueueState = 'pending' | 'done';

const itemPath = (id: string) => `/api/community/moderation/items/${encodeURIComponent(id)}` as const;

export function listQueue(state: QueueState, cursor: string | null, signal?: AbortSignal): Promise<QueueItemPage> {
  const query = new URLSearchParams({ state, limit: '20' });
  if (cursor) query.set('cursor', cursor);
  return apiAuthed(`/api/community/moderation/queue?${query}`, QueueItemPage, { signal });
}

export function getQueueItem(id: string, signal?: AbortSignal): Promise<QueueItem> {
  return apiAuthed(itemPath(id), QueueItem, { signal });
}

export function decideQueueItem(id: string, input: DecisionRequest): Promise<QueueItem> {
  return apiAuthed(`${itemPath(id)}/decision`, QueueItem, { method: 'POST', body: input });
}

export function appealQueueItem(id: string, message: string): Promise<QueueItem> {
  return apiAuthed(`${itemPath(id)}/appeal`, QueueItem, { method: 'POST', body: { message } });
}

export function getWordList(signal?: AbortSignal): Promise<WordList> {
  return apiAuthed('/api/community/moderation/words', WordList, { signal });
}

export function updateWordList(input: UpdateWordListRequest): Promise<WordList> {
  return apiAuthed('/api/community/moderation/words', WordList, { method: 'PUT', body: input });
}
