/**
 * The built-in provider's password routes: sign-up, login, refresh, logout. In Cognito mode they are
 * not mounted at all (404): the user pool owns passwords and sessions there.
 */
import { LoginRequest, LogoutRequest, RefreshRequest, SignupRequest, TokensResponse } from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { noteAudit } from '../http/audit-trail.ts';
import { clientIp } from '../http/client-ip.ts';
import { audited, errorResponses, jsonBody, jsonResponse } from '../http/route-kit.ts';
import { toTokens } from './identity-wire.ts';

const signupRoute = createRoute({
  method: 'post',
  path: '/api/auth/signup',
  tags: ['auth'],
  summary: 'Create an account with a personal organisation (owner, plan free) and sign in',
  ...audited({ action: 'auth.signup' }),
  request: { body: jsonBody(SignupRequest) },
  responses: { 201: jsonResponse('Signed up', TokensResponse), ...errorResponses(400, 409) },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in with e-mail and password (throttled per account and per IP)',
  ...audited({ action: 'auth.login' }),
  request: { body: jsonBody(LoginRequest) },
  responses: { 200: jsonResponse('Signed in', TokensResponse), ...errorResponses(400, 401, 429) },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/api/auth/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for new tokens (the old one is spent; reusing it ends the session)',
  ...audited({ action: 'auth.refresh' }),
  request: { body: jsonBody(RefreshRequest) },
  responses: { 200: jsonResponse('New tokens', TokensResponse), ...errorResponses(400, 401) },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'End the session the refresh token belongs to (idempotent)',
  ...audited({ action: 'auth.logout' }),
  request: { body: jsonBody(LogoutRequest) },
  responses: { 204: { description: 'Signed out' }, ...errorResponses(400) },
});

export interface AuthRoutesOptions {
  identity: Pick<Identity, 'signup' | 'login' | 'refresh' | 'logout'>;
  trustProxy: boolean;
}

export function authRoutes({ identity, trustProxy }: AuthRoutesOptions) {
  return new OpenAPIHono<AppEnv>()
    .openapi(signupRoute, async (c) => {
      const { user, tokens } = await identity.signup(c.req.valid('json'));
      const target = { type: 'user', id: user.id };
      noteAudit(c, { actorId: user.id, organizationId: user.personalOrganizationId, target });
      return c.json(toTokens(tokens, user), 201);
    })
    .openapi(loginRoute, async (c) => {
      const ip = clientIp(c, trustProxy);
      const { user, tokens } = await identity.login(c.req.valid('json'), { ip });
      const target = { type: 'user', id: user.id };
      noteAudit(c, { actorId: user.id, organizationId: user.personalOrganizationId, target });
      return c.json(toTokens(tokens, user), 200);
    })
    .openapi(refreshRoute, async (c) => {
      const { user, ...tokens } = await identity.refresh(c.req.valid('json'));
      return c.json(toTokens(tokens, user), 200);
    })
    .openapi(logoutRoute, async (c) => {
      await identity.logout(c.req.valid('json'));
      return c.body(null, 204);
    });
}
