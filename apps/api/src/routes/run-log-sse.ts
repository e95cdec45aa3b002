/**
 * A run's log as Server-Sent Events: every entry after `after` as a `log` event whose id is the log
 * id (so a reconnect with Last-Event-ID resumes where it stopped), polled every 250 ms, then one
 * `end` event with the run's status once it has ended and its log is drained. The first read
 * happens before the response starts, so an unknown run is an ordinary 404.
 */
import type { Actor, Workbench } from '@diatonic/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { requestIdOf } from '../http/request-frame.ts';

const pollMs = 250;
const maxStreamMs = 15 * 60_000;
const ended = (status: string) => status === 'completed' || status === 'failed' || status === 'stopped';

export async function runLogEvents(
  c: Context<AppEnv>,
  workbench: Workbench,
  actor: Actor,
  runId: string,
  after: number,
  logger: Logger,
): Promise<Response> {
  let page = await workbench.runLogs(actor, runId, { after });
  c.header('x-accel-buffering', 'no');
  return streamSSE(c, async (sse) => {
    let closed = false;
    sse.onAbort(() => {
      closed = true;
    });
    const deadline = Date.now() + maxStreamMs;
    try {
      while (!closed && Date.now() < deadline) {
        for (const entry of page.items) {
          await sse.writeSSE({ event: 'log', id: String(entry.id), data: JSON.stringify(entry) });
        }
        if (page.items.length === 0 && ended(page.status)) {
          await sse.writeSSE({ event: 'end', data: JSON.stringify({ status: page.status, lastId: page.lastId }) });
          return;
        }
        if (page.items.length === 0) await sse.sleep(pollMs);
        page = await workbench.runLogs(actor, runId, { after: page.lastId });
      }
    } catch (error) {
      logger.error({ err: error, requestId: requestIdOf(c) }, 'run log stream failed');
    }
  });
}
