/**
 * The API Gateway (REST v1 and HTTP API v2) Lambda handler: the same app as the Node server, built once
 * per cold start. `migrate` is a no-op on DynamoDB (the table belongs to the infrastructure) and keeps
 * a local SQLite run of this handler self-contained.
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import { createLogger } from '../logger.ts';

const config = loadConfig();
// Synchronous log writes: a frozen Lambda would otherwise hold buffered lines until its next invocation.
const deps = await buildDeps(config, { logger: createLogger(config.log.level, undefined, { buffered: false }) });
await deps.migrate();

// Route groups load on their first request (route-groups.ts): init evaluates only what every request needs.
export const handler = handle(await createApp(deps, { routes: 'lazy' }));
