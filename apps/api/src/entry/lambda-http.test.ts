import { rmSync } from 'node:fs';
import { ApiErrorBody, HealthResponse } from '@diatonic/api-schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform, tempDir } from '../../test/temp-platform.ts';

// The entry reads its configuration from the environment when imported, like a Lambda cold start.
const dataDir = tempDir('diatonic-lambda-');
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = 'silent';
process.env.RATE_LIMIT_REQUESTS = '2';
const { handler } = await import('./lambda-http.ts');

interface LambdaResult {
  statusCode: number;
  /** v2 answers with `headers`, v1 with `multiValueHeaders`. */
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}
type Invoke = (event: unknown) => Promise<LambdaResult>;

const header = (res: LambdaResult, name: string) => res.headers?.[name] ?? res.multiValueHeaders?.[name]?.[0];

const context = { awsRequestId: 'lambda-req', functionName: 'api', callbackWaitsForEmptyEventLoop: true };
let sourceIp = 0;

function v1Event(method: string, path: string, body: string | null = null, headers: Record<string, string> = {}) {
  const ip = `203.0.113.${++sourceIp}`;
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', ...headers },
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      httpMethod: method,
      identity: { sourceIp: ip },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'gw-v1',
      requestTimeEpoch: Date.now(),
      resourceId: 'r1',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
    body,
    isBase64Encoded: false,
  };
}

function v2Event(method: string, path: string, body: string | null = null, headers: Record<string, string> = {}) {
  const ip = `198.51.100.${++sourceIp}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'xyz.execute-api.eu-west-1.amazonaws.com', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'xyz',
      domainName: 'xyz.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'xyz',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: ip, userAgent: 'vitest' },
      requestId: 'gw-v2',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(body === null ? {} : { body }),
    isBase64Encoded: false,
  };
}

const invoke = (event: unknown) =>
  (handler as unknown as (e: unknown, c: unknown) => Promise<LambdaResult>)(event, context);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each([
  ['API Gateway v1 (REST)', v1Event],
  ['API Gateway v2 (HTTP API)', v2Event],
])('the Lambda handler with %s events', (_name, event) => {
  it('answers /api/health', async () => {
    const res = await invoke(event('GET', '/api/health'));
    expect(res.statusCode).toBe(200);
    expect(HealthResponse.parse(JSON.parse(res.body)).status).toBe('ok');
    expect(header(res, 'x-request-id')).toMatch(/^req_/);
  });

  it('answers an unknown route with the 404 envelope', async () => {
    const res = await invoke(event('GET', '/api/missing', null, { 'x-request-id': 'lambda-trace-42' }));
    expect(res.statusCode).toBe(404);
    expect(ApiErrorBody.parse(JSON.parse(res.body)).error).toMatchObject({
      code: 'not_found',
      requestId: 'lambda-trace-42',
    });
    expect(header(res, 'x-request-id')).toBe('lambda-trace-42');
  });

  it('rate-limits by the source IP in the request context', async () => {
    const first = event('GET', '/api/platform');
    const results: number[] = [];
    for (let i = 0; i < 3; i++) results.push((await invoke(first)).statusCode);
    expect(results[2]).toBe(429);
  });
});

// The deployed app has no JSON POST route yet, so the POST case mounts a validated one on the same
// app factory and runs it through the same Lambda adapter.
describe('a POST with a JSON body through the Lambda adapter', () => {
  let platform: TempPlatform;
  let invokeEcho: Invoke;
  beforeAll(async () => {
    platform = await startTempPlatform();
    const route = createRoute({
      method: 'post',
      path: '/api/test/echo',
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string() }) } } },
      },
      responses: {
        200: { description: 'echo', content: { 'application/json': { schema: z.object({ name: z.string() }) } } },
      },
    });
    platform.app.openapi(route, (c) => c.json({ name: c.req.valid('json').name }, 200));
    const h = handle(platform.app);
    invokeEcho = (e) => (h as unknown as (e: unknown, c: unknown) => Promise<LambdaResult>)(e, context);
  });
  afterAll(async () => {
    await platform.close();
  });

  for (const [name, event] of [
    ['v1', v1Event],
    ['v2', v2Event],
  ] as const) {
    it(`passes a valid body through and rejects an invalid one (${name})`, async () => {
      const json = { 'content-type': 'application/json' };
      const ok = await invokeEcho(event('POST', '/api/test/echo', JSON.stringify({ name: 'Ada Lovelace ✓' }), json));
      expect(ok.statusCode).toBe(200);
      expect(JSON.parse(ok.body)).toEqual({ name: 'Ada Lovelace ✓' });

      const bad = await invokeEcho(event('POST', '/api/test/echo', JSON.stringify({ name: 42 }), json));
      expect(bad.statusCode).toBe(400);
      expect(ApiErrorBody.parse(JSON.parse(bad.body)).error.details).toMatchObject({ issues: [{ path: 'name' }] });

      const malformed = await invokeEcho(event('POST', '/api/test/echo', '{"name":', json));
      expect(malformed.statusCode).toBe(400);
    });
  }

  it('decodes a base64-encoded body', async () => {
    const e = v1Event('POST', '/api/test/echo', Buffer.from(JSON.stringify({ name: 'b64' })).toString('base64'), {
      'content-type': 'application/json',
    });
    const res = await invokeEcho({ ...e, isBase64Encoded: true });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ name: 'b64' });
  });
});
