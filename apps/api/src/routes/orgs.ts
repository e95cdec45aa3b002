/** Organisations: create, list mine, read, rename, hand ownership to another member, and delete. */
import {
  CreateOrganizationRequest,
  DeleteOrganizationRequest,
  Organization,
  OrganizationDeletion,
  OrganizationPage,
  OrgParams,
  RenameOrganizationRequest,
  TransferOwnershipRequest,
  TransferOwnershipResponse,
} from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { noteAudit } from '../http/audit-trail.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';
import { toOrganization } from './identity-wire.ts';

const orgTarget = (params: Record<string, string>) => (params.orgId ? { type: 'org', id: params.orgId } : null);

const createOrgRoute = createRoute({
  method: 'post',
  path: '/api/orgs',
  tags: ['organizations'],
  summary: 'Create an organisation (plan free) with the caller as owner',
  ...signedIn({ action: 'org.create' }),
  request: { body: jsonBody(CreateOrganizationRequest) },
  responses: { 201: jsonResponse('Created', Organization), ...errorResponses(400, 401, 403, 409) },
});

const listOrgsRoute = createRoute({
  method: 'get',
  path: '/api/orgs',
  tags: ['organizations'],
  summary: "The caller's organisations with their role in each",
  ...signedIn(),
  responses: { 200: jsonResponse('Organisations', OrganizationPage), ...errorResponses(401, 403) },
});

const getOrgRoute = createRoute({
  method: 'get',
  path: '/api/orgs/{orgId}',
  tags: ['organizations'],
  summary: 'One organisation the caller belongs to',
  ...signedIn(),
  request: { params: OrgParams },
  responses: { 200: jsonResponse('The organisation', Organization), ...errorResponses(401, 403, 404) },
});

const renameOrgRoute = createRoute({
  method: 'patch',
  path: '/api/orgs/{orgId}',
  tags: ['organizations'],
  summary: 'Rename an organisation (org:update)',
  ...signedIn({ action: 'org.rename', target: orgTarget }),
  request: { params: OrgParams, body: jsonBody(RenameOrganizationRequest) },
  responses: { 200: jsonResponse('The renamed organisation', Organization), ...errorResponses(400, 401, 403, 404) },
});

const transferRoute = createRoute({
  method: 'post',
  path: '/api/orgs/{orgId}/transfer-ownership',
  tags: ['organizations'],
  summary: 'Make another member owner; the caller becomes admin (owners only)',
  ...signedIn({ action: 'org.transfer_ownership', target: orgTarget }),
  request: { params: OrgParams, body: jsonBody(TransferOwnershipRequest) },
  responses: {
    200: jsonResponse('Ownership transferred', TransferOwnershipResponse),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const deleteOrgRoute = createRoute({
  method: 'delete',
  path: '/api/orgs/{orgId}',
  tags: ['organizations'],
  summary:
    'Delete an organisation and everything in it (owners only; name and password to confirm; not the personal one)',
  description:
    'Every member loses the organisation at once. Its content (posts, modules, agents and runs, AI usage, ' +
    'files, notifications, the audit log) is purged in the background.',
  // The organisation's audit log goes with it, so the entry is not written (see the handler).
  ...signedIn({ action: 'org.delete', target: orgTarget }),
  request: { params: OrgParams, body: jsonBody(DeleteOrganizationRequest) },
  responses: {
    202: jsonResponse('Deleted; the purge runs in the background', OrganizationDeletion),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export interface OrgRoutesOptions {
  identity: Pick<
    Identity,
    | 'createOrganization'
    | 'listMyOrganizations'
    | 'getOrganization'
    | 'renameOrganization'
    | 'transferOwnership'
    | 'deleteOrganization'
  >;
}

export function orgRoutes({ identity }: OrgRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(createOrgRoute, async (c) => {
      const org = await identity.createOrganization(principalOf(c), c.req.valid('json'));
      noteAudit(c, { organizationId: org.id, target: { type: 'org', id: org.id } });
      return c.json(toOrganization({ ...org, role: 'owner' }), 201);
    })
    .openapi(listOrgsRoute, async (c) => {
      const { items } = await identity.listMyOrganizations(principalOf(c));
      return c.json({ items: items.map(toOrganization), nextCursor: null }, 200);
    })
    .openapi(getOrgRoute, async (c) => {
      const organizationId = c.req.valid('param').orgId;
      return c.json(toOrganization(await identity.getOrganization(principalOf(c), { organizationId })), 200);
    })
    .openapi(renameOrgRoute, async (c) => {
      const input = { organizationId: c.req.valid('param').orgId, name: c.req.valid('json').name };
      return c.json(toOrganization(await identity.renameOrganization(principalOf(c), input)), 200);
    })
    .openapi(transferRoute, async (c) => {
      const input = { organizationId: c.req.valid('param').orgId, userId: c.req.valid('json').userId };
      const result = await identity.transferOwnership(principalOf(c), input);
      noteAudit(c, { target: { type: 'user', id: result.ownerId } });
      return c.json(result, 200);
    })
    .openapi(deleteOrgRoute, async (c) => {
      const { name, password } = c.req.valid('json');
      const input = { organizationId: c.req.valid('param').orgId, name, ...(password ? { password } : {}) };
      const result = await identity.deleteOrganization(principalOf(c), input);
      // The audit log was the organisation's; it is being purged with everything else.
      noteAudit(c, { skip: true });
      return c.json(result, 202);
    });
}
