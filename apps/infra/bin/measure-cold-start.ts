/**
 * Measures the API function's bundle the way Lambda loads it: its size, and the time to import the
 * bundled handler (module init: config, deps, app) in a fresh Node process, five times. Reads the
 * bundle from apps/infra/cdk.out, so run `npm run synth` first. No network is touched: the stage's
 * environment is imitated with local values (DynamoDB and Cognito clients connect lazily).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

const env = {
  STORAGE: 'dynamodb',
  DYNAMODB_TABLE: 'diatonic-dev-items',
  AWS_REGION: 'us-east-2',
  AWS_ACCESS_KEY_ID: 'cold-start',
  AWS_SECRET_ACCESS_KEY: 'cold-start',
  QUEUE: 'sqs',
  SQS_QUEUE_URL: 'https://sqs.us-east-2.amazonaws.com/123456789012/diatonic-dev-jobs',
  LLM_PROVIDER: 'bedrock',
  AUTH: 'cognito',
  COGNITO_REGION: 'us-east-2',
  COGNITO_USER_POOL_ID: 'us-east-2_ColdStart1',
  COGNITO_CLIENT_ID: 'coldstartclient',
  CURSOR_SECRET: 'c'.repeat(64),
  DATA_DIR: '/tmp/diatonic-cold-start',
  DEMO_DATA: 'false',
  LOG_LEVEL: 'silent',
  BLOBS: 's3',
  S3_BUCKET: 'diatonic-dev-content',
};
// Wall time and the CPU time the import itself used (user + system): on a busy machine the wall time
// mostly measures waiting for a core, the CPU time what a cold start costs.
const probe = `const t = performance.now(); const c = process.cpuUsage(); const m = await import(${JSON.stringify(bundle)}); if (typeof m.handler !== 'function') throw new Error('no handler'); const u = process.cpuUsage(c); console.log(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
const runs: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 5; i++) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' });
  runs.push(JSON.parse(out.trim().split('\n').at(-1)!));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
const chunksDir = `${outdir}${assetPath}/chunks`;
const chunks = existsSync(chunksDir) ? readdirSync(chunksDir).map((f) => statSync(`${chunksDir}/${f}`).size) : [];
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`API bundle: index.mjs ${kib(statSync(bundle).size)} (${bundle})`);
console.log(`lazy chunks (read only when imported): ${chunks.length}, ${kib(chunks.reduce((a, b) => a + b, 0))}`);
console.log(
  `module init, 5 fresh processes: wall ms ${list(runs.map((r) => r.wall))}; median ${median(runs.map((r) => r.wall)).toFixed(0)}`,
);
console.log(
  `                                 CPU ms ${list(runs.map((r) => r.cpu))}; median ${median(runs.map((r) => r.cpu)).toFixed(0)}`,
);
