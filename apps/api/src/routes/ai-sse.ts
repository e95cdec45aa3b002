/**
 * Streams a gateway completion as Server-Sent Events: `token` events `{ text }`, then one `done` with
 * the completion (usage, cost, cached, offline). The first event is awaited before the response
 * starts, so a refusal (permission, plan, limits, budget, provider down before any token) is an
 * ordinary JSON error with its status; only a failure after the headers are sent becomes an `error`
 * event carrying the usual envelope.
 */
import { AppError, type CompletionStreamEvent, isAppError } from '@diatonic/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { errorBody } from '../http/error-response.ts';
import { requestIdOf } from '../http/request-frame.ts';

function eventOf(event: CompletionStreamEvent): { event: string; data: string } {
  return event.type === 'delta'
    ? { event: 'token', data: JSON.stringify({ text: event.text }) }
    : { event: 'done', data: JSON.stringify(event.completion) };
}

export async function completionEvents(
  c: Context<AppEnv>,
  events: AsyncGenerator<CompletionStreamEvent>,
  logger: Logger,
): Promise<Response> {
  const first = await events.next();
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (sse) => {
    let closedByClient = false;
    sse.onAbort(() => {
      closedByClient = true;
    });
    let current = first;
    try {
      while (!current.done && !closedByClient) {
        await sse.writeSSE(eventOf(current.value));
        if (current.value.type === 'done') break;
        current = await events.next();
      }
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError('internal', 'The stream failed');
      if (!isAppError(error)) logger.error({ err: error, requestId: requestIdOf(c) }, 'completion stream failed');
      if (!closedByClient) {
        await sse.writeSSE({
          event: 'error',
          data: JSON.stringify(errorBody(appError, requestIdOf(c))),
        });
      }
    } finally {
      // Leaving early (client gone) runs the gateway's own cleanup: charge what streamed, release the rest.
      await events.return(undefined);
    }
  });
}
