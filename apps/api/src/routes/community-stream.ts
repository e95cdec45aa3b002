/**
 * The community event log as Server-Sent Events (Node server; Lambda clients poll /events instead).
 * Each event is written with its log id as the SSE `id`, so a reconnecting EventSource sends
 * `Last-Event-ID` and resumes exactly after it. The loop reads the log, then sleeps until an append in
 * this process wakes it or `pollIntervalMs` passes (appends by other processes are seen by the
 * poll); a comment line every `heartbeatMs` keeps proxies from closing an idle stream. Every stream
 * ends after `maxSeconds`, so no connection (or proxy timeout) lives forever; EventSource reconnects.
 */
import { AppError, type EventLog, isAppError, parseEventId } from '@diatonic/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { errorBody } from '../http/error-response.ts';
import { requestIdOf } from '../http/request-frame.ts';

export interface CommunityStreamOptions {
  events: EventLog;
  channel: string;
  /** Resume after this id; when absent the stream starts from now. */
  after: string | undefined;
  logger: Logger;
  /** The stream ends after this long (0: after the backlog); the client reconnects with Last-Event-ID. */
  maxSeconds: number;
  pollIntervalMs?: number;
  heartbeatMs?: number;
}

export async function communityStream(c: Context<AppEnv>, options: CommunityStreamOptions): Promise<Response> {
  const { events, channel, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  // Validated before the response starts, so a bad Last-Event-ID is an ordinary 400.
  let last =
    options.after === undefined ? await events.latestId(channel) : String(parseEventId(options.after, 'Last-Event-ID'));
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (sse) => {
    let closed = false;
    let wake: (() => void) | undefined;
    const unsubscribe = events.subscribe(channel, () => wake?.());
    sse.onAbort(() => {
      closed = true;
      wake?.();
    });
    let quietSince = Date.now();
    const endsAt = Date.now() + options.maxSeconds * 1000;
    try {
      // Tell the client where it starts, so it can resume even if nothing happens before it drops.
      await sse.writeSSE({ event: 'ready', id: last, data: JSON.stringify({ lastId: last }) });
      while (!closed) {
        const page = await events.list(channel, last, 100);
        for (const event of page.items) {
          await sse.writeSSE({ id: event.id, event: event.type, data: JSON.stringify(event) });
        }
        last = page.lastId;
        if (page.items.length > 0) {
          quietSince = Date.now();
          if (page.items.length === 100) continue;
        }
        const remaining = endsAt - Date.now();
        if (remaining <= 0) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollIntervalMs, remaining));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (!closed && Date.now() - quietSince >= heartbeatMs) {
          await sse.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
      }
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError('internal', 'The stream failed');
      if (!isAppError(error)) logger.error({ err: error, requestId: requestIdOf(c) }, 'community stream failed');
      if (!closed) {
        await sse.writeSSE({
          event: 'error',
          data: JSON.stringify(errorBody(appError, requestIdOf(c))),
        });
      }
    } finally {
      unsubscribe();
    }
  });
}
