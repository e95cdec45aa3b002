/**
 * The SQS worker Lambda: the same job handlers as the Node server's in-process workers
 * (job-handlers.ts), fed by Lambda's SQS event source with partial batch failures. Deps are built once
 * per cold start; QUEUE=sqs so that handlers which enqueue follow-up jobs send them to SQS.
 */
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';
import { createLogger } from '../logger.ts';
import { createSqsBatchHandler } from './sqs-batch-handler.ts';

const config = loadConfig();
const logger = createLogger(config.log.level, undefined, { buffered: false });
const deps = await buildDeps(config, { logger });
await deps.migrate();

export const handler = createSqsBatchHandler({ handlers: jobHandlers(deps), logger });
