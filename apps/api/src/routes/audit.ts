/** `GET /api/orgs/{orgId}/audit`: the organisation's audit log, newest first (owners and admins). No route edits or deletes entries. */
import { AuditPage, AuditQuery, OrgParams } from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonResponse, signedIn } from '../http/route-kit.ts';

const listAuditRoute = createRoute({
  method: 'get',
  path: '/api/orgs/{orgId}/audit',
  tags: ['audit'],
  summary: 'Audit entries, filterable by actor and action, cursor-paginated (audit:read)',
  ...signedIn(),
  request: { params: OrgParams, query: AuditQuery },
  responses: { 200: jsonResponse('One page of entries', AuditPage), ...errorResponses(400, 401, 403, 404) },
});

export function auditRoutes({ identity }: { identity: Pick<Identity, 'listAudit'> }) {
  return new OpenAPIHono<AppEnv>().openapi(listAuditRoute, async (c) => {
    const input = { organizationId: c.req.valid('param').orgId, ...c.req.valid('query') };
    return c.json(await identity.listAudit(principalOf(c), input), 200);
  });
}
