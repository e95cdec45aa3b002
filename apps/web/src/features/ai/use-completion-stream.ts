/**
 * One streamed completion at a time: the text grows token by token, Stop aborts the request (the server
 * then charges only what streamed), and the outcome is the `done` completion or the error. Starting a new
 * one aborts the previous one.
 */
import type { AiCompleteRequest, AiCompletion } from '@diatonic/api-schemas';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { streamCompletion } from '../../api/ai-api.ts';
import { notificationsKey } from '../notifications/use-notifications.ts';
import { useInvalidateUsage } from './use-ai.ts';

export type StreamStatus = 'idle' | 'streaming' | 'done' | 'stopped' | 'failed';

export interface CompletionStreamState {
  status: StreamStatus;
  /** The model the request asked for (labels the output while it streams). */
  model: string | null;
  text: string;
  completion: AiCompletion | null;
  error: unknown;
}

const idle: CompletionStreamState = { status: 'idle', model: null, text: '', completion: null, error: null };

export function useCompletionStream() {
  const [state, setState] = useState<CompletionStreamState>(idle);
  const controller = useRef<AbortController | null>(null);
  const invalidateUsage = useInvalidateUsage();
  const queryClient = useQueryClient();

  // Leaving the page stops a running completion rather than paying for output nobody reads.
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (request: Omit<AiCompleteRequest, 'stream'>) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState({ ...idle, status: 'streaming', model: request.model });
      try {
        const completion = await streamCompletion(
          request,
          { onToken: (text) => setState((previous) => ({ ...previous, text: previous.text + text })) },
          current.signal,
        );
        if (controller.current !== current) return;
        setState((previous) => ({ ...previous, status: 'done', text: completion.text, completion }));
      } catch (error) {
        if (controller.current !== current) return;
        setState((previous) =>
          current.signal.aborted ? { ...previous, status: 'stopped' } : { ...previous, status: 'failed', error },
        );
      } finally {
        if (controller.current === current) controller.current = null;
        void invalidateUsage();
        // A refused or costly call may have raised a budget alert.
        void queryClient.invalidateQueries({ queryKey: notificationsKey });
      }
    },
    [invalidateUsage, queryClient],
  );

  const stop = useCallback(() => controller.current?.abort(), []);

  return { state, start, stop };
}
