/**
 * The API Gateway (REST v1 and HTTP API v2) Lambda handler: the same app as the Node server, built once
 * per cold start. `migrate` is a no-op on DynamoDB (the table belongs to the infrastructure) and keeps
 * a local SQLite run of this handler self-contained.
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';

const deps = await buildDeps(loadConfig());
await deps.migrate();

export const handler = handle(createApp(deps));
