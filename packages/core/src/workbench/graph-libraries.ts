/**
 * JSONata (transform and condition nodes) and cron-parser with luxon (schedule triggers) are imported
 * on first use rather than when core is imported: together ~190 KB of minified code that every API
 * cold start would otherwise parse and run, while only saving a graph, running an expression node or
 * a scheduler tick needs them.
 *
 * Save-time validation stays synchronous (validateGraph calls each executor's `validate`), so the
 * asynchronous entry points load first: `validateGraph` and `evaluateExpression` await
 * `loadGraphLibraries()`/`loadJsonata()`, the scheduler's tick awaits `loadCronParser()`. A synchronous
 * check reached without that throws a plain Error naming the missing load (a programming error).
 */
import type { CronExpressionParser } from 'cron-parser';
import type jsonataFunction from 'jsonata';

type Jsonata = typeof jsonataFunction;
type CronParser = typeof CronExpressionParser;

let jsonata: Jsonata | undefined;
let cronParser: CronParser | undefined;

export async function loadJsonata(): Promise<Jsonata> {
  jsonata ??= (await import('jsonata')).default;
  return jsonata;
}

export async function loadCronParser(): Promise<CronParser> {
  cronParser ??= (await import('cron-parser')).CronExpressionParser;
  return cronParser;
}

/** Everything a graph's save-time validation may use. */
export async function loadGraphLibraries(): Promise<void> {
  await Promise.all([loadJsonata(), loadCronParser()]);
}

export function loadedJsonata(): Jsonata {
  if (!jsonata) throw new Error('JSONata is not loaded yet: await loadJsonata() (graph-libraries.ts) first');
  return jsonata;
}

export function loadedCronParser(): CronParser {
  if (!cronParser) throw new Error('cron-parser is not loaded yet: await loadCronParser() (graph-libraries.ts) first');
  return cronParser;
}
