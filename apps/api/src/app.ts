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
import type { Config } from './config.ts';
import { apiDocs } from './http/api-docs.ts';
import type { AppEnv, Logger } from './http/app-env.ts';
import { auditTrail } from './http/audit-trail.ts';
import { authenticate } from './http/authenticate.ts';
import { bodyLimit } from './http/body-limit.ts';
import { createErrorHandler } from './http/error-response.ts';
import { createNotFoundHandler } from './http/not-found.ts';
import { rateLimit, rateLimitKeyOf } from './http/rate-limit.ts';
import { requestId } from './http/request-id.ts';
import { requestLog } from './http/request-log.ts';
import { bearerScheme } from './http/route-kit.ts';
import { securityHeaders } from './http/security-headers.ts';
import { validationHook } from './http/validation-hook.ts';
import { webApp } from './http/web-app.ts';
import { adminRoutes } from './routes/admin.ts';
import { agentRoutes } from './routes/agents.ts';
import { aiRoutes } from './routes/ai.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { authConfigRoutes } from './routes/auth-config.ts';
import { blobRoutes, blobUploadPath } from './routes/blobs.ts';
import { communityRoutes } from './routes/community.ts';
import { communityModerationRoutes } from './routes/community-moderation.ts';
import { educationRoutes } from './routes/education.ts';
import { healthRoutes } from './routes/health.ts';
import { hookRoutes } from './routes/hooks.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { meRoutes } from './routes/me.ts';
import { memberRoutes } from './routes/members.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { orgRoutes } from './routes/orgs.ts';
import { platformRoutes } from './routes/platform.ts';
import { runRoutes } from './routes/runs.ts';
import { uploadRoutes } from './routes/uploads.ts';

export interface AppDeps {
  config: Pick<Config, 'http' | 'auth'>;
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
}

// Probes and docs stay reachable however busy a client is, and probes must not touch the store.
const unlimited = new Set(['/api/health', '/api/ready', '/api/openapi.json']);
const isUnlimited = (path: string) => unlimited.has(path) || path === '/api/docs' || path.startsWith('/api/docs/');

export function createApp(deps: AppDeps, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const {
    config,
    logger,
    clock,
    ids,
    itemStore,
    identity,
    verifyAccessToken,
    ai,
    education,
    moderation,
    notifications,
    community,
    uploads,
    localBlobs,
    workbench,
  } = deps;
  const builtInAuth = config.auth.mode === 'builtin';
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId(ids));
  app.use(requestLog(logger));
  app.use(securityHeaders());
  if (config.http.corsOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: [...config.http.corsOrigins],
        exposeHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
      }),
    );
  }
  // Before the rate limit, so a signed-in caller counts against their own bucket, not their IP's.
  app.use('/api/*', authenticate({ identity, verifyAccessToken }));
  app.use(
    '/api/*',
    rateLimit({
      store: itemStore,
      clock,
      logger,
      requests: config.http.rateLimit.requests,
      windowSeconds: config.http.rateLimit.windowSeconds,
      keyOf: rateLimitKeyOf(config.http.trustProxy),
      skip: isUnlimited,
    }),
  );
  // Signed blob uploads carry files far above the JSON limit; their signed size is their limit.
  const jsonBodyLimit = bodyLimit(config.http.bodyLimitBytes);
  app.use('/api/*', (c, next) => (c.req.path === blobUploadPath ? next() : jsonBodyLimit(c, next)));
  app.use('/api/*', auditTrail({ identity, logger }));

  app.route('/', healthRoutes({ itemStore, clock, logger }));
  app.route('/', platformRoutes({ itemStore }));
  app.route('/', authConfigRoutes({ auth: config.auth }));
  // The password routes and our JWKS exist only with the built-in provider; with Cognito they answer 404.
  if (builtInAuth) app.route('/', authRoutes({ identity, trustProxy: config.http.trustProxy }));
  if (builtInAuth) app.route('/', jwksRoutes({ identity }));
  app.route('/', meRoutes({ identity, passwordRoutes: builtInAuth }));
  app.route('/', orgRoutes({ identity }));
  app.route('/', memberRoutes({ identity }));
  app.route('/', invitationRoutes({ identity }));
  app.route('/', auditRoutes({ identity }));
  app.route('/', notificationRoutes({ notifications }));
  app.route('/', communityRoutes({ community, logger }));
  app.route('/', adminRoutes({ identity, ai }));
  app.route('/', aiRoutes({ ai, logger }));
  app.route('/', agentRoutes({ workbench }));
  app.route('/', runRoutes({ workbench, logger }));
  app.route('/', hookRoutes({ workbench }));
  app.route('/', educationRoutes({ education }));
  app.route('/', communityModerationRoutes({ moderation }));
  app.route('/', uploadRoutes({ uploads }));
  if (localBlobs) app.route('/', blobRoutes({ localBlobs }));
  app.openAPIRegistry.registerComponent('securitySchemes', bearerScheme, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  let openApiDocument: unknown;
  app.get('/api/openapi.json', (c) => {
    // Generated on first use, after every route (including ones mounted later) is registered.
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
  if (options.webDistDir) app.route('/', webApp(options.webDistDir));

  app.notFound(createNotFoundHandler(() => app.routes));
  app.onError(createErrorHandler(logger));
  return app;
}
