/** Platform administration: `PUT /api/admin/organizations/{orgId}/plan` (platform admins only, 403 for everyone else). */
import { Organization, OrgParams, SetPlanRequest } from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';
import { toOrganization } from './identity-wire.ts';

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

export function adminRoutes({ identity }: { identity: Pick<Identity, 'setOrganizationPlan'> }) {
  return new OpenAPIHono<AppEnv>().openapi(setPlanRoute, async (c) => {
    const input = { organizationId: c.req.valid('param').orgId, plan: c.req.valid('json').plan };
    return c.json(toOrganization(await identity.setOrganizationPlan(principalOf(c), input)), 200);
  });
}
