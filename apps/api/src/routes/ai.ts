/**
 * The AI gateway over HTTP (issue 6): the models my plan allows, completions (JSON or SSE), usage
 * reports, and the organisation's limits. Every route acts in the active organisation
 * (`X-Organization-Id`, else the caller's default one); the gateway facade authorises.
 */
import {
  AiCompleteRequest,
  AiCompletion,
  AiLimits,
  AiModelList,
  AiUpdateLimitsRequest,
  AiUsageQuery,
  AiUsageReport,
} from '@diatonic/api-schemas';
import {
  type Actor,
  type AiGateway,
  AppError,
  type CallOptions,
  type CompleteInput,
  type UpdateLimitsInput,
} from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Logger } from '../http/app-env.ts';
import { requestIdOf } from '../http/request-frame.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';
import { completionEvents } from './ai-sse.ts';

const orgTarget = (_params: Record<string, string>, c: Context<AppEnv>) => {
  const orgId = c.get('actor')?.orgId;
  return orgId ? { type: 'organization', id: orgId } : null;
};

const listModelsRoute = createRoute({
  method: 'get',
  path: '/api/ai/models',
  tags: ['ai'],
  summary: "Models the active organisation's plan allows (ai:models_read)",
  ...signedIn(),
  responses: { 200: jsonResponse('The models', AiModelList), ...errorResponses(401, 403) },
});

const completeRoute = createRoute({
  method: 'post',
  path: '/api/ai/complete',
  tags: ['ai'],
  summary:
    'One completion (ai:complete), JSON, or with `stream: true` Server-Sent Events: `token` events {text}, then `done` with the completion, or `error` with the error envelope',
  // A completion that got this far has its usage ledger entry (a stream's is written when it ends,
  // whatever way it ends): who, organisation, model, tokens, cost, outcome, when and this request's id,
  // i.e. everything an audit entry holds. So no second, audit-log copy is written per model call; the
  // ledger is where calls are audited (`GET /api/ai/usage` reports it by day, user, model or agent).
  // A request that fails (bad input, a model outside the plan, limits, budget, provider down) still
  // gets its audit entry, ledger entry or not.
  ...signedIn({ action: 'ai.complete', target: orgTarget, successRecordedBy: 'ai-usage-ledger' }),
  request: { body: jsonBody(AiCompleteRequest) },
  responses: {
    200: {
      description: 'The completion; an SSE stream when `stream` is true',
      content: {
        'application/json': { schema: AiCompletion },
        'text/event-stream': { schema: { type: 'string' } },
      },
    },
    ...errorResponses(400, 401, 402, 403, 413, 429, 502, 503),
  },
});

const usageRoute = createRoute({
  method: 'get',
  path: '/api/ai/usage',
  tags: ['ai'],
  summary: 'Tokens, cost and cache savings over a range, grouped by day, user, model or agent (ai:usage_read)',
  ...signedIn(),
  request: { query: AiUsageQuery },
  responses: { 200: jsonResponse('The usage report', AiUsageReport), ...errorResponses(400, 401, 403) },
});

const getLimitsRoute = createRoute({
  method: 'get',
  path: '/api/ai/limits',
  tags: ['ai'],
  summary: 'The AI limits of the active organisation: plan defaults, overrides and what is enforced (ai:usage_read)',
  ...signedIn(),
  responses: { 200: jsonResponse('The limits', AiLimits), ...errorResponses(401, 403) },
});

const updateLimitsRoute = createRoute({
  method: 'put',
  path: '/api/ai/limits',
  tags: ['ai'],
  summary:
    'Lower limits, set per-member caps and the alert webhook (ai:limits_update); platform admins set ceilings with scope platform',
  ...signedIn({ action: 'ai.limits_update', target: orgTarget }),
  request: { body: jsonBody(AiUpdateLimitsRequest) },
  responses: { 200: jsonResponse('The limits', AiLimits), ...errorResponses(400, 401, 403, 409) },
});

/** The caller acting in an organisation; account-only callers (no organisation at all) cannot use AI. */
function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.forbidden('ai:complete', 'Join or create an organisation to use AI models');
  return actor;
}

export interface AiRoutesOptions {
  ai: AiGateway;
  logger: Logger;
}

export function aiRoutes({ ai, logger }: AiRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(listModelsRoute, (c) => c.json({ items: ai.listModels(actorOf(c)) }, 200))
    .openapi(completeRoute, async (c) => {
      const { stream, ...body } = c.req.valid('json');
      const input: CompleteInput = body;
      // The client going away aborts the provider call; the gateway releases what was not used.
      const options: CallOptions = { signal: c.req.raw.signal, requestId: requestIdOf(c) };
      if (stream === true) {
        const events = await completionEvents(c, ai.stream(actorOf(c), input, options), logger);
        // An SSE response has no JSON body for the typed-response check to compare; its shape is documented above.
        return events as never;
      }
      return c.json(await ai.complete(actorOf(c), input, options), 200);
    })
    .openapi(usageRoute, async (c) => c.json(await ai.getUsage(actorOf(c), c.req.valid('query')), 200))
    .openapi(getLimitsRoute, async (c) => c.json(await ai.getLimits(actorOf(c)), 200))
    .openapi(updateLimitsRoute, async (c) => {
      const input: UpdateLimitsInput = c.req.valid('json');
      return c.json(await ai.updateLimits(actorOf(c), input), 200);
    });
}
