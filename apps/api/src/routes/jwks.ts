/** `GET /.well-known/jwks.json`: the built-in provider's public keys (mounted only with AUTH=builtin). */
import { JwksResponse } from '@diatonic/api-schemas';
import type { Identity } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { jsonResponse } from '../http/route-kit.ts';

const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['auth'],
  summary: 'Public keys that verify access tokens (the active key and recently retired ones)',
  responses: { 200: jsonResponse('JSON Web Key Set', JwksResponse) },
});

export function jwksRoutes({ identity }: { identity: Pick<Identity, 'getJwks'> }) {
  return new OpenAPIHono<AppEnv>().openapi(jwksRoute, async (c) => {
    // Keys change only by rotation, and verifiers refetch on an unknown kid: a minute of caching is safe.
    c.header('cache-control', 'public, max-age=60');
    return c.json(await identity.getJwks(), 200);
  });
}
