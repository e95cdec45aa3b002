/**
 * Measures the API function's bundle the way Lambda loads it, in fresh Node processes
 * (src/cold-start-probe.ts): the bytes a cold start reads (index.mjs and the chunks it imports
 * statically) and the time to import the bundled handler (module init: config, deps, app), then the
 * first request after init: `GET /api/health` (no I/O) and, when java can run DynamoDB Local,
 * `GET /api/platform` (reads the store: the DynamoDB client's first call). Five processes each; the
 * median is reported. CPU time (user + system) is the figure to compare: on a busy machine wall time
 * mostly measures waiting for a core. Reads the bundle from apps/infra/cdk.out: run `npm run synth` first.
 * No network is touched: the stage's environment is imitated with local values.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamoDbLocalSkipReason, startDynamoDbLocal } from '@diatonic/adapters/testing';
import { imitatedStageEnv, type ProbeResult, runColdStartProbe } from '../src/cold-start-probe.ts';
import { createColdStartTable } from '../src/cold-start-table.ts';

const outdir = fileURLToPath(new URL('../cdk.out/', import.meta.url));
const template = JSON.parse(readFileSync(`${outdir}diatonic-dev.template.json`, 'utf8'));
const api = Object.values(
  template.Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }
  >,
).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'diatonic-dev-api');
// The code's S3 key is `<asset hash>.zip`; the staged bundle sits in cdk.out/asset.<asset hash>/.
const s3Key = (api?.Properties.Code as { S3Key?: string } | undefined)?.S3Key;
const assetPath = s3Key ? `asset.${s3Key.replace(/\.zip$/, '')}` : undefined;
if (!assetPath) throw new Error('No API function asset in cdk.out: run `npm run synth` first');
const bundle = `${outdir}${assetPath}/index.mjs`;

const env = imitatedStageEnv();

/** index.mjs and every chunk it imports statically, transitively: what Node reads before the handler exists. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // esbuild's minified static imports: `import{a as b}from"./chunks/x.mjs"` or `import"./chunks/x.mjs"`.
    for (const m of code.matchAll(/import\s*(?:[\w${},\s*]+?from\s*)?["'](\.{1,2}\/[^"']+\.mjs)["']/g)) {
      visit(join(dirname(file), m[1]!));
    }
  };
  visit(entry);
  return [...seen];
}

const runs = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const size = (files: string[]) => files.reduce((total, f) => total + statSync(f).size, 0);

const chunksDir = `${outdir}${assetPath}/chunks`;
const allChunks = existsSync(chunksDir) ? readdirSync(chunksDir).map((f) => join(chunksDir, f)) : [];
const atInit = staticClosure(bundle);
const lazy = allChunks.filter((f) => !atInit.includes(f));
console.log(`API bundle: ${bundle}`);
console.log(`read at init: index.mjs + ${atInit.length - 1} chunks, ${kib(size(atInit))}`);
console.log(`lazy chunks (read only when imported): ${lazy.length}, ${kib(size(lazy))}`);

function report(label: string, results: ProbeResult[]) {
  const cpu = results.map((r) => r.init.cpuMs);
  const wall = results.map((r) => r.init.wallMs);
  console.log(`${label}`);
  console.log(`  module init       CPU ms ${list(cpu)}; median ${median(cpu).toFixed(0)}`);
  console.log(`                    wall ms ${list(wall)}; median ${median(wall).toFixed(0)}`);
  const first = results.map((r) => r.responses[0]!);
  const statuses = [...new Set(first.map((r) => r.statusCode))].join(', ');
  console.log(`  first request ${first[0]!.path} (status ${statuses})`);
  console.log(
    `                    CPU ms ${list(first.map((r) => r.cpuMs))}; median ${median(first.map((r) => r.cpuMs)).toFixed(0)}`,
  );
  console.log(
    `                    wall ms ${list(first.map((r) => r.wallMs))}; median ${median(first.map((r) => r.wallMs)).toFixed(0)}`,
  );
  const total = results.map((r) => r.init.cpuMs + r.responses[0]!.cpuMs);
  console.log(`  init + first request CPU ms median ${median(total).toFixed(0)}`);
}

report(
  `${runs} fresh processes, first request GET /api/health:`,
  Array.from({ length: runs }, () => runColdStartProbe(bundle, ['/api/health'], env)),
);

const skip = dynamoDbLocalSkipReason({ ci: false });
if (skip) {
  console.log(`GET /api/platform as first request: skipped (${skip})`);
} else {
  const emulator = await startDynamoDbLocal();
  try {
    const table = await createColdStartTable(emulator.endpoint, env.CURSOR_SECRET!);
    const storeEnv = { ...env, DYNAMODB_TABLE: table, DYNAMODB_ENDPOINT: emulator.endpoint };
    report(
      `${runs} fresh processes, first request GET /api/platform (DynamoDB Local on this machine):`,
      Array.from({ length: runs }, () => runColdStartProbe(bundle, ['/api/platform'], storeEnv)),
    );
  } finally {
    await emulator.stop();
  }
}
