/**
 * createApp: the one Hono app behind both entries (Node server and Lambda). It wires the cross-cutting
 * pipeline from http/ in a fixed order (see README.md), mounts the routes, and serves OpenAPI 3.1
 * generated from the same zod schemas that validate requests.
 */

import type { LocalBlobStore } from '@diatonic/adapters/local-blobs';
import type {
  AccessTokenVerifier,
  AiGateway,
  Clock,
  Community,
  Education,
  Identity,
  Ids,
  ItemStore,
  Moderation,
  Notifications,
  Uploads,
  Workbench,
} from '@diatonic/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { TrieRouter } from 'hono/router/trie-router';
import { getPath } from 'hono/utils/url';
import type { Config } from './config.ts';
import { apiDocs } from './http/api-docs.ts';
import type { AppEnv, Logger } from './http/app-env.ts';
import { auditTrail } from './http/audit-trail.ts';
import { authenticate } from './http/authenticate.ts';
import { bodyLimit } from './http/body-limit.ts';
import { webContentSecurityPolicyFor } from './http/content-security-policy.ts';
import { createErrorHandler } from './http/error-response.ts';
import { chainMiddleware } from './http/middleware-chain.ts';
import { createNotFoundHandler } from './http/not-found.ts';
import { rateLimit, rateLimitKeyOf } from './http/rate-limit.ts';
import { withRequestFrame } from './http/request-frame.ts';
import { bearerScheme } from './http/route-kit.ts';
import { isUnlimitedPath } from './http/unlimited-paths.ts';
import { validationHook } from './http/validation-hook.ts';
import { webApp } from './http/web-app.ts';
import { createRouteMounter } from './route-groups.ts';
import { blobUploadPath } from './routes/blob-paths.ts';

export interface AppDeps {
  config: Pick<Config, 'http' | 'auth' | 'blobs'>;
  logger: Logger;
  clock: Clock;
  ids: Ids;
  itemStore: ItemStore;
  identity: Identity;
  verifyAccessToken: AccessTokenVerifier;
  ai: AiGateway;
  education: Education;
  moderation: Moderation;
  notifications: Notifications;
  community: Community;
  uploads: Uploads;
  /** Present when BLOBS=local: its signed upload and download URLs are served here. */
  localBlobs?: LocalBlobStore | undefined;
  workbench: Workbench;
}

export interface AppOptions {
  /** Serve the built web app from this folder at `/` (the Node server does; Lambda leaves it to a CDN). */
  webDistDir?: string;
  /**
   * `eager` (default): every route group (route-groups.ts) is mounted before createApp resolves.
   * `lazy` (the API Lambda): only the probes at start; every other group is imported and mounted just
   * before the first request under its prefixes, so a cold start does not evaluate every route's schemas.
   */
  routes?: 'eager' | 'lazy';
}

export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<OpenAPIHono<AppEnv>> {
  const { config, logger, clock, ids, itemStore, identity, verifyAccessToken } = deps;
  const lazy = options.routes === 'lazy';
  // Hono's default router compiles its table on the first request and refuses routes after it; the
  // lazy app adds groups later, so it uses the trie router, which takes routes at any time.
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, ...(lazy ? { router: new TrieRouter() } : {}) });

  if (config.http.corsOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: [...config.http.corsOrigins],
        exposeHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
      }),
    );
  }
  // Signed blob uploads carry files far above the JSON limit; their signed size is their limit.
  const jsonBodyLimit = bodyLimit(config.http.bodyLimitBytes);
  // One Hono layer for the whole pipeline (middleware-chain.ts says why), in this order.
  app.use(
    '/api/*',
    chainMiddleware<AppEnv>([
      // Before the rate limit, so a signed-in caller counts against their own bucket, not their IP's.
      authenticate({ identity, verifyAccessToken }),
      rateLimit({
        store: itemStore,
        clock,
        logger,
        requests: config.http.rateLimit.requests,
        windowSeconds: config.http.rateLimit.windowSeconds,
        keyOf: rateLimitKeyOf(config.http.trustProxy),
        skip: isUnlimitedPath,
      }),
      (c, next) => (c.req.path === blobUploadPath ? next() : jsonBodyLimit(c, next)),
      auditTrail({ identity, logger }),
    ]),
  );

  const routes = createRouteMounter(app, deps);
  await (lazy ? routes.mountAtStart() : routes.mountAll());
  app.openAPIRegistry.registerComponent('securitySchemes', bearerScheme, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  let openApiDocument: unknown;
  app.get('/api/openapi.json', async (c) => {
    // Generated on first use, after every route (including ones mounted later) is registered.
    await routes.mountAll();
    openApiDocument ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Diatonic AI Platform API',
        version: '0.1.0',
        description: 'Errors use the ApiError envelope; every response carries x-request-id.',
      },
    });
    return c.json(openApiDocument);
  });
  app.route('/', apiDocs());
  if (options.webDistDir) {
    app.route('/', webApp(options.webDistDir, { contentSecurityPolicy: webContentSecurityPolicyFor(config) }));
  }

  app.notFound(createNotFoundHandler(() => app.routes));
  app.onError(createErrorHandler(logger));
  if (lazy) {
    // Before routing: the router matches a request against the routes it has when the request arrives.
    const dispatch = app.fetch;
    app.fetch = (request, env, executionCtx) => {
      const mounting = routes.mountFor(getPath(request));
      return mounting
        ? mounting.then(() => dispatch(request, env, executionCtx))
        : dispatch(request, env, executionCtx);
    };
  }
  // Outermost, so every answer (probes, docs, 404s, lazily mounted groups) carries the id and headers.
  app.fetch = withRequestFrame(app.fetch, { ids, logger });
  return app;
}
