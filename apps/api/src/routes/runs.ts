/**
 * Runs over HTTP (issue 7): read one (plan shape: status, executionPlan, results, errorDetails), stop,
 * retry from the failed node, and the run's log as JSON (`?after=`) or Server-Sent Events
 * (`Accept: text/event-stream`, resumable with `Last-Event-ID`).
 */
import { Run, RunLogPage, RunLogQuery } from '@diatonic/api-schemas';
import type { Workbench } from '@diatonic/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { errorResponses, jsonResponse, signedIn } from '../http/route-kit.ts';
import { actorOf } from './agents.ts';
import { runLogEvents } from './run-log-sse.ts';

const RunParams = z.object({ id: z.string().min(1).max(100) });
const runTarget = (params: Record<string, string>) => (params.id ? { type: 'run', id: params.id } : null);

const getRunRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}',
  tags: ['workbench'],
  summary: 'One run: status, execution plan with per-node state, outputs, logs, metrics (run:read)',
  ...signedIn(),
  request: { params: RunParams },
  responses: { 200: jsonResponse('The run', Run), ...errorResponses(401, 403, 404) },
});

const stopRunRoute = createRoute({
  method: 'post',
  path: '/api/runs/{id}/stop',
  tags: ['workbench'],
  summary: 'Stop a run (run:stop): it is `stopped` at once and in-flight model and HTTP calls are aborted',
  ...signedIn({ action: 'run.stop', target: runTarget }),
  request: { params: RunParams },
  responses: { 200: jsonResponse('The run', Run), ...errorResponses(401, 403, 404, 409) },
});

const retryRunRoute = createRoute({
  method: 'post',
  path: '/api/runs/{id}/retry',
  tags: ['workbench'],
  summary: 'Run a failed or stopped run again from where it failed, reusing its completed steps (agent:execute)',
  ...signedIn({ action: 'run.retry', target: runTarget }),
  request: { params: RunParams },
  responses: { 202: jsonResponse('The new run', Run), ...errorResponses(401, 402, 403, 404, 409) },
});

const logsRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}/logs',
  tags: ['workbench'],
  summary:
    "The run's log after `after` (run:read). With `Accept: text/event-stream`: SSE events `log` (id = log id) until the run ends, then `end`; resume with Last-Event-ID",
  ...signedIn(),
  request: { params: RunParams, query: RunLogQuery },
  responses: {
    200: {
      description: 'Log entries, or an SSE stream',
      content: { 'application/json': { schema: RunLogPage }, 'text/event-stream': { schema: { type: 'string' } } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export function runRoutes({ workbench, logger }: { workbench: Workbench; logger: Logger }) {
  return new OpenAPIHono<AppEnv>()
    .openapi(getRunRoute, async (c) => c.json(await workbench.getRun(actorOf(c), c.req.valid('param').id), 200))
    .openapi(stopRunRoute, async (c) => c.json(await workbench.stopRun(actorOf(c), c.req.valid('param').id), 200))
    .openapi(retryRunRoute, async (c) => c.json(await workbench.retryRun(actorOf(c), c.req.valid('param').id), 202))
    .openapi(logsRoute, async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      if (c.req.header('accept')?.includes('text/event-stream')) {
        const lastEventId = Number(c.req.header('last-event-id'));
        const after = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : (query.after ?? 0);
        return (await runLogEvents(c, workbench, actor, id, after, logger)) as never;
      }
      return c.json(await workbench.runLogs(actor, id, query), 200);
    });
}
