/**
 * The scheduler Lambda: an EventBridge rule invokes it every `schedulerTickMinutes` (apps/infra), and
 * it enqueues the periodic jobs due in that tick; the worker Lambda runs them.
 */
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import { createLogger } from '../logger.ts';
import { periodicJobs } from '../periodic-jobs.ts';
import { createScheduledTickHandler } from './scheduled-tick-handler.ts';

const config = loadConfig();
const deps = await buildDeps(config, { logger: createLogger(config.log.level, undefined, { buffered: false }) });

export const handler = createScheduledTickHandler(deps, periodicJobs(deps));
