/**
 * The signed-in user: `GET /api/auth/me` (who, where, what they may do) and the account routes under
 * `/api/me` (profile, password, export, deletion). The password route exists only with the built-in provider.
 */
import {
  AccountExport,
  ChangePasswordRequest,
  DeleteAccountRequest,
  MeResponse,
  TokensResponse,
  UpdateProfileRequest,
  User,
} from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { noteAudit, callerTarget as self } from '../http/audit-trail.ts';
import { principalOf } from '../http/authenticate.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';
import { toTokens, toUser } from './identity-wire.ts';

const meRoute = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['account'],
  summary: 'The caller, their organisations, the active one and their permissions there',
  ...signedIn(),
  responses: { 200: jsonResponse('The caller', MeResponse), ...errorResponses(401, 403) },
});

const updateProfileRoute = createRoute({
  method: 'patch',
  path: '/api/me',
  tags: ['account'],
  summary: 'Update the profile (name)',
  ...signedIn({ action: 'account.update_profile', target: self }),
  request: { body: jsonBody(UpdateProfileRequest) },
  responses: { 200: jsonResponse('The updated user', User), ...errorResponses(400, 401, 403) },
});

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/api/me/password',
  tags: ['account'],
  summary: 'Change the password; every other session ends',
  ...signedIn({ action: 'account.change_password', target: self }),
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: { 200: jsonResponse('A fresh session', TokensResponse), ...errorResponses(400, 401, 403, 409, 429) },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/me/export',
  tags: ['account'],
  summary: 'Everything the caller owns or wrote, as one JSON document',
  ...signedIn(),
  responses: { 200: jsonResponse('The export', AccountExport), ...errorResponses(401, 403) },
});

const deleteAccountRoute = createRoute({
  method: 'delete',
  path: '/api/me',
  tags: ['account'],
  summary: 'Delete the account (password required); refused while sole owner of an organisation with members',
  ...signedIn({ action: 'account.delete', target: self }),
  request: { body: jsonBody(DeleteAccountRequest) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 409, 429) },
});

export interface MeRoutesOptions {
  identity: Pick<Identity, 'getMe' | 'updateProfile' | 'changePassword' | 'exportAccount' | 'deleteAccount'>;
  /** False in Cognito mode: the user pool owns passwords. */
  passwordRoutes: boolean;
}

export function meRoutes({ identity, passwordRoutes }: MeRoutesOptions) {
  const app = new OpenAPIHono<AppEnv>()
    .openapi(meRoute, async (c) => {
      const me = await identity.getMe(c.get('actor') ?? principalOf(c));
      const active = me.memberships.find((m) => m.organizationId === me.activeOrganizationId);
      const activeOrganization = active
        ? { id: active.organizationId, name: active.name, role: active.role, plan: active.plan }
        : null;
      const { memberships, permissions } = me;
      return c.json({ user: toUser(me.user), memberships, activeOrganization, permissions }, 200);
    })
    .openapi(updateProfileRoute, async (c) => {
      const user = await identity.updateProfile(principalOf(c), c.req.valid('json'));
      return c.json(toUser(user), 200);
    })
    .openapi(exportRoute, async (c) => {
      const document = await identity.exportAccount(principalOf(c));
      return c.json({ ...document, user: toUser(document.user) }, 200);
    })
    .openapi(deleteAccountRoute, async (c) => {
      const result = await identity.deleteAccount(principalOf(c), c.req.valid('json'));
      // An organisation deleted with the account took its audit log along; nothing to write there.
      const activeOrgId = c.get('actor')?.orgId;
      if (!activeOrgId || result.deletedOrganizationIds.includes(activeOrgId)) noteAudit(c, { skip: true });
      return c.body(null, 204);
    });
  if (!passwordRoutes) return app;
  return app.openapi(changePasswordRoute, async (c) => {
    const { user, ...tokens } = await identity.changePassword(principalOf(c), c.req.valid('json'));
    return c.json(toTokens(tokens, user), 200);
  });
}
