/**
 * The webhook trigger (issue 7): `POST /api/hooks/{agentId}/{secret}` starts a run of the agent's
 * latest published version (else its draft) with the JSON body as input, acting for the agent's
 * creator. No bearer token: the secret is the credential, compared in constant time; any mismatch
 * is 404. `?wait=<ms>` answers 200 with the ended run's outputs when it ends in time, else 202.
 */
import { WaitQuery } from '@diatonic/api-schemas';
import { AppError, type Workbench } from '@diatonic/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { audited, errorResponses, jsonResponse } from '../http/route-kit.ts';

const HookParams = z.object({ agentId: z.string().min(1).max(100), secret: z.string().min(1).max(200) });

export const WebhookRunResult = z
  .object({
    runId: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'stopped']),
    outputs: z.record(z.string(), z.unknown()).nullable(),
    errorDetails: z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }).nullable(),
  })
  .meta({ id: 'WebhookRunResult' });

const hookRoute = createRoute({
  method: 'post',
  path: '/api/hooks/{agentId}/{secret}',
  tags: ['workbench'],
  summary:
    "Start a run by webhook from the graph's webhook triggers (its first trigger when it has none); the JSON body (optional) is the run's input",
  ...audited({
    action: 'agent.webhook',
    target: (params) => (params.agentId ? { type: 'agent', id: params.agentId } : null),
  }),
  request: { params: HookParams, query: WaitQuery },
  responses: {
    200: jsonResponse('The run ended within ?wait=', WebhookRunResult),
    202: jsonResponse('The run is queued or running', WebhookRunResult),
    ...errorResponses(400, 402, 404),
  },
});

function payloadOf(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw AppError.invalidInput('The body must be JSON');
  }
}

export function hookRoutes({ workbench }: { workbench: Workbench }) {
  return new OpenAPIHono<AppEnv>().openapi(hookRoute, async (c) => {
    const { agentId, secret } = c.req.valid('param');
    const { wait } = c.req.valid('query');
    // c.req.text(), not c.req.raw: a body the body limit had to count arrives through Hono's body cache.
    const payload = payloadOf(await c.req.text());
    const run = await workbench.executeWebhook(agentId, secret, payload, wait);
    const body = { runId: run.id, status: run.status, outputs: run.outputs, errorDetails: run.errorDetails };
    const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'stopped';
    return ended ? c.json(body, 200) : c.json(body, 202);
  });
}
