/**
 * Platform administration (platform admins only, 403 for everyone else): every organisation, newest
 * first; an organisation's plan; and its AI ceilings (`scope: platform` limits, raised or lowered
 * without being a member).
 */
import {
  AiLimits,
  AiSetCeilingsRequest,
  Organization,
  OrganizationPage,
  OrgParams,
  PageQuery,
  SetPlanRequest,
} from '@diatonic/api-schemas';
import type { AiGateway, Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';
import { toOrganization } from './identity-wire.ts';

const listOrganizationsRoute = createRoute({
  method: 'get',
  path: '/api/admin/organizations',
  tags: ['admin'],
  summary: 'Every organisation, newest first (platform_admin)',
  ...signedIn(),
  request: { query: PageQuery },
  responses: { 200: jsonResponse('A page of organisations', OrganizationPage), ...errorResponses(400, 401, 403) },
});

const setPlanRoute = createRoute({
  method: 'put',
  path: '/api/admin/organizations/{orgId}/plan',
  tags: ['admin'],
  summary: "Set an organisation's plan (platform_admin)",
  ...signedIn({
    action: 'org.set_plan',
    target: (params) => (params.orgId ? { type: 'org', id: params.orgId } : null),
  }),
  request: { params: OrgParams, body: jsonBody(SetPlanRequest) },
  responses: { 200: jsonResponse('The organisation', Organization), ...errorResponses(400, 401, 403, 404) },
});

const setAiCeilingsRoute = createRoute({
  method: 'put',
  path: '/api/admin/organizations/{orgId}/ai-limits',
  tags: ['admin'],
  summary: "Set an organisation's AI ceilings, replacing its plan's defaults up or down (platform_admin)",
  ...signedIn({
    action: 'ai.ceilings_set',
    target: (params) => (params.orgId ? { type: 'org', id: params.orgId } : null),
  }),
  request: { params: OrgParams, body: jsonBody(AiSetCeilingsRequest) },
  responses: { 200: jsonResponse('The limits', AiLimits), ...errorResponses(400, 401, 403, 404, 409) },
});

export interface AdminRoutesOptions {
  identity: Pick<Identity, 'listAllOrganizations' | 'setOrganizationPlan' | 'actAsPlatformAdmin'>;
  ai: Pick<AiGateway, 'updateLimits'>;
}

export function adminRoutes({ identity, ai }: AdminRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(listOrganizationsRoute, async (c) => {
      const page = await identity.listAllOrganizations(principalOf(c), c.req.valid('query'));
      return c.json({ items: page.items.map((org) => toOrganization(org)), nextCursor: page.nextCursor }, 200);
    })
    .openapi(setPlanRoute, async (c) => {
      const input = { organizationId: c.req.valid('param').orgId, plan: c.req.valid('json').plan };
      return c.json(toOrganization(await identity.setOrganizationPlan(principalOf(c), input)), 200);
    })
    .openapi(setAiCeilingsRoute, async (c) => {
      const { orgId } = c.req.valid('param');
      const actor = await identity.actAsPlatformAdmin(principalOf(c), orgId, 'platform:ai_limits');
      return c.json(await ai.updateLimits(actor, { scope: 'platform', limits: c.req.valid('json').limits }), 200);
    });
}
