/**
 * What a Lambda cold start of the API does, in a fresh Node process: import the bundled handler (module
 * init: config, deps, app) and answer requests with API Gateway HTTP API (v2) events, timing each step
 * in CPU and wall time. Shared by `npm run synth:cold-start` and the infra test that runs the bundle.
 *
 * The probe is plain JavaScript passed to `node --input-type=module -e`, so nothing but the bundle
 * (and Node) is loaded: the figures are the bundle's own.
 */
import { execFileSync } from 'node:child_process';

/**
 * A function's environment as the stage sets it, with local values: DynamoDB storage, SQS, S3, Bedrock
 * and Cognito, all connecting lazily, so a probe that touches no store reaches no network. The access
 * key is letters and digits only, which DynamoDB Local requires when a probe does reach the store.
 */
export function imitatedStageEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    STORAGE: 'dynamodb',
    DYNAMODB_TABLE: 'diatonic-dev-items',
    AWS_REGION: 'us-east-2',
    AWS_ACCESS_KEY_ID: 'coldstart',
    AWS_SECRET_ACCESS_KEY: 'coldstart',
    QUEUE: 'sqs',
    SQS_QUEUE_URL: 'https://sqs.us-east-2.amazonaws.com/123456789012/diatonic-dev-jobs',
    BLOBS: 's3',
    S3_BUCKET: 'diatonic-dev-content',
    LLM_PROVIDER: 'bedrock',
    AUTH: 'cognito',
    COGNITO_REGION: 'us-east-2',
    COGNITO_USER_POOL_ID: 'us-east-2_ColdStart1',
    COGNITO_CLIENT_ID: 'coldstartclient',
    CURSOR_SECRET: 'c'.repeat(64),
    DATA_DIR: '/tmp/diatonic-cold-start',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export interface ProbeStep {
  cpuMs: number;
  wallMs: number;
}

export interface ProbeResponse extends ProbeStep {
  path: string;
  statusCode: number;
  body: string;
}

export interface ProbeResult {
  init: ProbeStep;
  /** In request order: the first is the cold start's first request. */
  responses: ProbeResponse[];
}

function probeSource(bundle: string, paths: readonly string[]): string {
  return `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const step = async (work) => { const c = cpu(); const t = performance.now(); const value = await work(); return { value, cpuMs: cpu() - c, wallMs: performance.now() - t }; };
const init = await step(() => import(${JSON.stringify(bundle)}));
if (typeof init.value.handler !== 'function') throw new Error('the bundle exports no handler');
const event = (path) => ({
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
  headers: { host: 'api.example.com', 'user-agent': 'cold-start-probe' },
  requestContext: {
    accountId: '123456789012', apiId: 'probe', domainName: 'api.example.com', domainPrefix: 'api',
    http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'cold-start-probe' },
    requestId: 'probe', routeKey: '$default', stage: '$default', time: new Date().toISOString(), timeEpoch: Date.now(),
  },
  isBase64Encoded: false,
});
const context = { awsRequestId: 'probe', functionName: 'api', callbackWaitsForEmptyEventLoop: true };
const responses = [];
for (const path of ${JSON.stringify(paths)}) {
  const r = await step(() => init.value.handler(event(path), context));
  responses.push({ path, statusCode: r.value.statusCode, body: r.value.body, cpuMs: r.cpuMs, wallMs: r.wallMs });
}
console.log(JSON.stringify({ init: { cpuMs: init.cpuMs, wallMs: init.wallMs }, responses }));
process.exit(0);
`;
}

/** Runs one fresh process; `env` is the function's whole environment (nothing is inherited). */
export function runColdStartProbe(bundle: string, paths: readonly string[], env: Record<string, string>): ProbeResult {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probeSource(bundle, paths)], {
    env,
    encoding: 'utf8',
    // stderr is kept (a failure's error carries it) rather than echoed: on Node 20 the AWS SDK warns about
    // the Node version in every process, which Lambda's Node 22 never prints.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ProbeResult;
}
