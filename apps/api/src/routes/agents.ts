/**
 * Agents over HTTP (issue 7): CRUD on the draft graph, publish, rotate the webhook secret, execute
 * (`?wait=` answers with the ended run when it ends in time, else 202), and the agent's run history.
 * Every route acts in the active organisation; the workbench facade authorises.
 */
import {
  Agent,
  AgentPage,
  AgentVersion,
  CreateAgentRequest,
  ExecuteAgentRequest,
  PageQuery,
  Run,
  RunPage,
  UpdateAgentRequest,
  WaitQuery,
} from '@diatonic/api-schemas';
import { type Actor, AppError, type Workbench } from '@diatonic/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

const AgentParams = z.object({ id: z.string().min(1).max(100) });
const agentTarget = (params: Record<string, string>) => (params.id ? { type: 'agent', id: params.id } : null);

const createAgentRoute = createRoute({
  method: 'post',
  path: '/api/agents',
  tags: ['workbench'],
  summary: 'Create an agent (agent:create); the graph is validated node by node; the webhook secret is shown once',
  ...signedIn({ action: 'agent.create' }),
  request: { body: jsonBody(CreateAgentRequest) },
  responses: { 201: jsonResponse('The agent', Agent), ...errorResponses(400, 401, 403) },
});

const listAgentsRoute = createRoute({
  method: 'get',
  path: '/api/agents',
  tags: ['workbench'],
  summary: 'Agents of the active organisation, newest first (agent:read)',
  ...signedIn(),
  request: { query: PageQuery },
  responses: { 200: jsonResponse('One page of agents', AgentPage), ...errorResponses(400, 401, 403) },
});

const getAgentRoute = createRoute({
  method: 'get',
  path: '/api/agents/{id}',
  tags: ['workbench'],
  summary: 'One agent with its draft graph (agent:read)',
  ...signedIn(),
  request: { params: AgentParams },
  responses: { 200: jsonResponse('The agent', Agent), ...errorResponses(401, 403, 404) },
});

const updateAgentRoute = createRoute({
  method: 'put',
  path: '/api/agents/{id}',
  tags: ['workbench'],
  summary: 'Edit the draft (agent:update); send the version you loaded: a stale one is 409',
  ...signedIn({ action: 'agent.update', target: agentTarget }),
  request: { params: AgentParams, body: jsonBody(UpdateAgentRequest) },
  responses: { 200: jsonResponse('The agent', Agent), ...errorResponses(400, 401, 403, 404, 409) },
});

const deleteAgentRoute = createRoute({
  method: 'delete',
  path: '/api/agents/{id}',
  tags: ['workbench'],
  summary: 'Delete an agent (agent:delete); its runs stay in history',
  ...signedIn({ action: 'agent.delete', target: agentTarget }),
  request: { params: AgentParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
});

const publishRoute = createRoute({
  method: 'post',
  path: '/api/agents/{id}/publish',
  tags: ['workbench'],
  summary: 'Snapshot the draft as the next immutable version (agent:publish); runs use the latest published version',
  ...signedIn({ action: 'agent.publish', target: agentTarget }),
  request: { params: AgentParams },
  responses: { 201: jsonResponse('The version', AgentVersion), ...errorResponses(400, 401, 403, 404, 409) },
});

const rotateSecretRoute = createRoute({
  method: 'post',
  path: '/api/agents/{id}/webhook-secret',
  tags: ['workbench'],
  summary: 'Replace the webhook secret (agent:update); the old one stops working at once; the new one is shown once',
  ...signedIn({ action: 'agent.rotate_webhook_secret', target: agentTarget }),
  request: { params: AgentParams },
  responses: { 200: jsonResponse('The agent with its new webhookSecret', Agent), ...errorResponses(401, 403, 404) },
});

const executeRoute = createRoute({
  method: 'post',
  path: '/api/agents/{id}/execute',
  tags: ['workbench'],
  summary:
    'Start a run (agent:execute) from the graph’s manual triggers (its first trigger when it has none): 202 with the queued run, or with `?wait=<ms>` 200 with the ended run if it ends in time',
  ...signedIn({ action: 'agent.execute', target: agentTarget }),
  request: { params: AgentParams, query: WaitQuery, body: jsonBody(ExecuteAgentRequest) },
  responses: {
    200: jsonResponse('The run, ended', Run),
    202: jsonResponse('The run, queued or still running', Run),
    ...errorResponses(400, 401, 402, 403, 404),
  },
});

const listRunsRoute = createRoute({
  method: 'get',
  path: '/api/agents/{id}/runs',
  tags: ['workbench'],
  summary: "The agent's runs, newest first (run:read)",
  ...signedIn(),
  request: { params: AgentParams, query: PageQuery },
  responses: { 200: jsonResponse('One page of runs', RunPage), ...errorResponses(400, 401, 403, 404) },
});

export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.forbidden('agent:read', 'Join or create an organisation to use the workbench');
  return actor;
}

const ended = (status: string) => status === 'completed' || status === 'failed' || status === 'stopped';

export function agentRoutes({ workbench }: { workbench: Workbench }) {
  return new OpenAPIHono<AppEnv>()
    .openapi(createAgentRoute, async (c) => c.json(await workbench.createAgent(actorOf(c), c.req.valid('json')), 201))
    .openapi(listAgentsRoute, async (c) => c.json(await workbench.listAgents(actorOf(c), c.req.valid('query')), 200))
    .openapi(getAgentRoute, async (c) => c.json(await workbench.getAgent(actorOf(c), c.req.valid('param').id), 200))
    .openapi(updateAgentRoute, async (c) =>
      c.json(await workbench.updateAgent(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(deleteAgentRoute, async (c) => {
      await workbench.deleteAgent(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(publishRoute, async (c) => c.json(await workbench.publishAgent(actorOf(c), c.req.valid('param').id), 201))
    .openapi(rotateSecretRoute, async (c) =>
      c.json(await workbench.rotateWebhookSecret(actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(executeRoute, async (c) => {
      const actor = actorOf(c);
      const { wait } = c.req.valid('query');
      const started = await workbench.execute(actor, c.req.valid('param').id, c.req.valid('json'));
      const run = wait ? await workbench.waitForRun(actor, started.id, wait) : started;
      return ended(run.status) ? c.json(run, 200) : c.json(run, 202);
    })
    .openapi(listRunsRoute, async (c) =>
      c.json(await workbench.listRuns(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
    );
}
