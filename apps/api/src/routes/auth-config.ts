/**
 * `GET /api/auth/config`: tells the web app at runtime which sign-in to show (built-in e-mail and
 * password, or Cognito's hosted UI with the authorization code flow and PKCE), so one web build serves
 * every installation. Public; only public values (the app client has no secret).
 */
import { AuthConfigResponse } from '@diatonic/api-schemas';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AuthConfig } from '../config.ts';
import type { AppEnv } from '../http/app-env.ts';
import { jsonResponse } from '../http/route-kit.ts';

const authConfigRoute = createRoute({
  method: 'get',
  path: '/api/auth/config',
  tags: ['auth'],
  summary: 'How the web app signs users in here: built-in or the Cognito hosted UI (public values only)',
  responses: { 200: jsonResponse('Sign-in configuration', AuthConfigResponse) },
});

export function toAuthConfigResponse(auth: AuthConfig): AuthConfigResponse {
  if (auth.mode === 'builtin') return { mode: 'builtin' };
  const ui = auth.hostedUi;
  return {
    mode: 'cognito',
    hostedUi: ui
      ? {
          domain: ui.domain,
          clientId: auth.clientId,
          scopes: [...ui.scopes],
          redirectUri: ui.redirectUri ?? null,
          logoutUri: ui.logoutUri ?? null,
        }
      : null,
  };
}

export function authConfigRoutes({ auth }: { auth: AuthConfig }) {
  const body = toAuthConfigResponse(auth);
  return new OpenAPIHono<AppEnv>().openapi(authConfigRoute, (c) => {
    // Changes only with a redeploy; a short cache spares the API one call per page load.
    c.header('cache-control', 'public, max-age=300');
    return c.json(body, 200);
  });
}
