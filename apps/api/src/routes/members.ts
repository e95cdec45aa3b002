/** Members of an organisation: list, change a role, remove (removing yourself is leaving). */
import { ChangeMemberRoleRequest, Member, MemberPage, MemberParams, OrgParams, PageQuery } from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

const memberTarget = (params: Record<string, string>) => (params.userId ? { type: 'user', id: params.userId } : null);

const listMembersRoute = createRoute({
  method: 'get',
  path: '/api/orgs/{orgId}/members',
  tags: ['members'],
  summary: 'Members of an organisation (member:read)',
  ...signedIn(),
  request: { params: OrgParams, query: PageQuery },
  responses: { 200: jsonResponse('One page of members', MemberPage), ...errorResponses(400, 401, 403, 404) },
});

const changeRoleRoute = createRoute({
  method: 'patch',
  path: '/api/orgs/{orgId}/members/{userId}',
  tags: ['members'],
  summary: "Change a member's role (member:update_role; nobody manages a role above their own)",
  ...signedIn({ action: 'member.update_role', target: memberTarget }),
  request: { params: MemberParams, body: jsonBody(ChangeMemberRoleRequest) },
  responses: { 200: jsonResponse('The member', Member), ...errorResponses(400, 401, 403, 404, 409) },
});

const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/api/orgs/{orgId}/members/{userId}',
  tags: ['members'],
  summary: 'Remove a member (member:remove), or leave when it is yourself; the last owner stays',
  ...signedIn({ action: 'member.remove', target: memberTarget }),
  request: { params: MemberParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 409) },
});

export interface MemberRoutesOptions {
  identity: Pick<Identity, 'listMembers' | 'changeMemberRole' | 'removeMember'>;
}

export function memberRoutes({ identity }: MemberRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(listMembersRoute, async (c) => {
      const input = { organizationId: c.req.valid('param').orgId, ...c.req.valid('query') };
      return c.json(await identity.listMembers(principalOf(c), input), 200);
    })
    .openapi(changeRoleRoute, async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const input = { organizationId: orgId, userId, role: c.req.valid('json').role };
      return c.json(await identity.changeMemberRole(principalOf(c), input), 200);
    })
    .openapi(removeMemberRoute, async (c) => {
      const { orgId, userId } = c.req.valid('param');
      await identity.removeMember(principalOf(c), { organizationId: orgId, userId });
      return c.body(null, 204);
    });
}
