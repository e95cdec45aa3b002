/** The AI gateway: models, completions (streamed over SSE), usage and limits of the active organisation. */
import {
  type AiCompleteRequest,
  AiCompletion,
  AiLimits,
  AiModelList,
  AiTokenEvent,
  type AiUpdateLimitsRequest,
  AiUsageReport,
  ApiErrorBody,
} from '@diatonic/api-schemas';
import { ApiError } from './api-error.ts';
import { apiAuthedFetch } from './authed-fetch.ts';
import { apiAuthed } from './authed-request.ts';
import { readServerSentEvents } from './sse.ts';

export function listModels(signal?: AbortSignal): Promise<AiModelList> {
  return apiAuthed('/api/ai/models', AiModelList, signal ? { signal } : {});
}

export type UsageGrouping = 'day' | 'user' | 'model' | 'agent';

export function getUsage(from: string, to: string, groupBy: UsageGrouping, signal?: AbortSignal) {
  const query = new URLSearchParams({ from, to, groupBy });
  return apiAuthed(`/api/ai/usage?${query}`, AiUsageReport, signal ? { signal } : {});
}

export function getLimits(signal?: AbortSignal): Promise<AiLimits> {
  return apiAuthed('/api/ai/limits', AiLimits, signal ? { signal } : {});
}

export function updateLimits(input: AiUpdateLimitsRequest): Promise<AiLimits> {
  return apiAuthed('/api/ai/limits', AiLimits, { method: 'PUT', body: input });
}

export interface StreamHandlers {
  onToken(text: string): void;
}

/**
 * One completion as Server-Sent Events: `onToken` for each `token` event, resolved with the `done`
 * event's completion. A refusal before the stream starts arrives as an ordinary error response; a failure
 * after it started arrives as an `error` event with the same envelope. Either way it rejects with ApiError.
 * Aborting `signal` stops the request, and the server charges only what was streamed.
 */
export async function streamCompletion(
  request: Omit<AiCompleteRequest, 'stream'>,
  handlers: StreamHandlers,
  signal: AbortSignal,
): Promise<AiCompletion> {
  const response = await apiAuthedFetch('/api/ai/complete', {
    method: 'POST',
    body: { ...request, stream: true },
    accept: 'text/event-stream',
    signal,
  });
  const requestId = response.headers.get('x-request-id');
  if (!response.body) throw malformed('The completion stream had no body', requestId);
  for await (const event of readServerSentEvents(response.body)) {
    const data = parseJson(event.data);
    if (event.event === 'token') {
      const token = AiTokenEvent.safeParse(data);
      if (!token.success) throw malformed('A token event does not match the API schema', requestId);
      handlers.onToken(token.data.text);
    } else if (event.event === 'done') {
      const completion = AiCompletion.safeParse(data);
      if (!completion.success) throw malformed('The done event does not match the API schema', requestId);
      return completion.data;
    } else if (event.event === 'error') {
      const envelope = ApiErrorBody.safeParse(data);
      if (!envelope.success) throw malformed('The error event does not match the API schema', requestId);
      const { code, message, details, requestId: id } = envelope.data.error;
      throw new ApiError(response.status, code, message, id, details);
    }
  }
  throw malformed('The completion stream ended before its done event', requestId);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function malformed(message: string, requestId: string | null): ApiError {
  return new ApiError(200, 'unexpected_response', message, requestId);
}
