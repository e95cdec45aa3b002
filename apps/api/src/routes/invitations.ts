/** Invitations: create (token shown once), list pending, revoke, and accept as the invited address. */
import {
  AcceptInvitationRequest,
  AcceptInvitationResponse,
  CreateInvitationRequest,
  CreateInvitationResponse,
  InvitationPage,
  InvitationParams,
  OrgParams,
} from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { noteAudit } from '../http/audit-trail.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

/** The web app page that accepts an invitation (apps/web route). */
export const acceptPathOf = (token: string) => `/invitations/accept?token=${encodeURIComponent(token)}`;

const createInvitationRoute = createRoute({
  method: 'post',
  path: '/api/orgs/{orgId}/invitations',
  tags: ['invitations'],
  summary: 'Invite an e-mail address with a role (member:invite); valid 7 days',
  ...signedIn({ action: 'invitation.create' }),
  request: { params: OrgParams, body: jsonBody(CreateInvitationRequest) },
  responses: {
    201: jsonResponse('Invited; the token is shown only now', CreateInvitationResponse),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const listInvitationsRoute = createRoute({
  method: 'get',
  path: '/api/orgs/{orgId}/invitations',
  tags: ['invitations'],
  summary: 'Pending invitations (member:invite)',
  ...signedIn(),
  request: { params: OrgParams },
  responses: { 200: jsonResponse('Pending invitations', InvitationPage), ...errorResponses(401, 403, 404) },
});

const revokeInvitationRoute = createRoute({
  method: 'delete',
  path: '/api/orgs/{orgId}/invitations/{invitationId}',
  tags: ['invitations'],
  summary: 'Revoke a pending invitation (member:invite)',
  ...signedIn({
    action: 'invitation.revoke',
    target: (params) => (params.invitationId ? { type: 'invitation', id: params.invitationId } : null),
  }),
  request: { params: InvitationParams },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403, 404, 409) },
});

const acceptInvitationRoute = createRoute({
  method: 'post',
  path: '/api/invitations/accept',
  tags: ['invitations'],
  summary: 'Join the organisation of an invitation sent to your e-mail address',
  ...signedIn({ action: 'invitation.accept' }),
  request: { body: jsonBody(AcceptInvitationRequest) },
  responses: {
    200: jsonResponse('Joined', AcceptInvitationResponse),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export interface InvitationRoutesOptions {
  identity: Pick<Identity, 'createInvitation' | 'listInvitations' | 'revokeInvitation' | 'acceptInvitation'>;
}

export function invitationRoutes({ identity }: InvitationRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(createInvitationRoute, async (c) => {
      const input = { organizationId: c.req.valid('param').orgId, ...c.req.valid('json') };
      const { invitation, token } = await identity.createInvitation(principalOf(c), input);
      noteAudit(c, { target: { type: 'invitation', id: invitation.id } });
      return c.json({ invitation, token, acceptPath: acceptPathOf(token) }, 201);
    })
    .openapi(listInvitationsRoute, async (c) => {
      const { items } = await identity.listInvitations(principalOf(c), { organizationId: c.req.valid('param').orgId });
      return c.json({ items, nextCursor: null }, 200);
    })
    .openapi(revokeInvitationRoute, async (c) => {
      const { orgId, invitationId } = c.req.valid('param');
      await identity.revokeInvitation(principalOf(c), { organizationId: orgId, invitationId });
      return c.body(null, 204);
    })
    .openapi(acceptInvitationRoute, async (c) => {
      const { organization, role } = await identity.acceptInvitation(principalOf(c), c.req.valid('json'));
      noteAudit(c, { organizationId: organization.id, target: { type: 'org', id: organization.id } });
      return c.json({ organizationId: organization.id, role }, 200);
    });
}
