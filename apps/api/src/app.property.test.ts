import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiErrorBody } from '@diatonic/api-schemas';
import { createRoute, z } from '@hono/zod-openapi';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform, tempDir } from '../test/temp-platform.ts';
import { runSeed } from './seed/run-seed.ts';

// Whatever arrives, the app answers below 500, every 4xx is a valid envelope, and a rejected request
// changes nothing stored (rate-limit counters aside, which count every request by design).

let platform: TempPlatform;
let snapshot: () => string;

beforeAll(async () => {
  const web = tempDir('diatonic-web-');
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
  platform = await startTempPlatform({
    env: { BODY_LIMIT_BYTES: String(64 * 1024), RATE_LIMIT_REQUESTS: '1000000', LOG_LEVEL: 'silent' },
    webDistDir: web,
  });
  const { itemStore, clock, ids, logger, identity, education, workbench, community } = platform.deps;
  await runSeed({ itemStore, clock, ids, logger, identity, education, workbench, community, demoData: true });
  const Body = z.object({
    title: z.string().min(1).max(200),
    count: z.number().int().min(0),
    tags: z.array(z.string()).max(5),
  });
  platform.app.openapi(
    createRoute({
      method: 'post',
      path: '/api/test/things/{id}',
      request: {
        params: z.object({ id: z.string().regex(/^thg_[A-Z0-9]{4,}$/) }),
        body: { required: true, content: { 'application/json': { schema: Body } } },
      },
      responses: { 200: { description: 'ok', content: { 'application/json': { schema: Body } } } },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  const db = new Database(join(platform.dataDir, 'app.db'), { readonly: true, fileMustExist: true });
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((t) => t.name);
  snapshot = () =>
    JSON.stringify(
      tables.map((t) =>
        db
          .prepare(`SELECT * FROM "${t}"`)
          .all()
          .filter((row) => !String((row as { pk?: unknown }).pk ?? '').startsWith('RATELIMIT#')),
      ),
    );
});
afterAll(async () => {
  await platform.close();
});

const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK']);
const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  fc.stringMatching(/^[A-Z]{1,12}$/).filter((m) => !forbiddenMethods.has(m)),
);
const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'health',
    'ready',
    'platform',
    'docs',
    'openapi.json',
    'test',
    'things',
    'thg_ABCD',
    'assets',
    'app-1234.js',
    '..',
    '.',
    '',
    'index.html',
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%00', '%2e%2e', '%2F', '\u00e9', '😀'),
);
const path = fc.oneof(
  fc.array(segment, { maxLength: 6 }).map((s) => `/api/${s.join('/')}`),
  fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom(
    '/api/health',
    '/api/ready',
    '/api/platform',
    '/api/openapi.json',
    '/api/docs',
    '/api/test/things/thg_ABCD',
    '/',
  ),
  fc.string({ minLength: 2000, maxLength: 5000 }).map((s) => `/api/${encodeURIComponent(s)}`),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/html',
    '*/*',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    '-1',
    '99999999999',
    'Bearer abc.def.ghi',
  ),
);
const headers = fc.dictionary(
  fc.constantFrom(
    'content-type',
    'accept',
    'x-request-id',
    'authorization',
    'origin',
    'x-forwarded-for',
    'cookie',
    'range',
    'if-none-match',
    'accept-encoding',
    'x-organization-id',
  ),
  headerValue,
  { maxKeys: 6 },
);
const deepJson = fc.integer({ min: 100, max: 20_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`);
const body = fc.oneof(
  fc.constant(null),
  fc.uint8Array({ maxLength: 4096 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.record({ title: fc.anything(), count: fc.anything(), tags: fc.anything() }).map((v) => JSON.stringify(v) ?? '{}'),
  fc.string({ maxLength: 500 }),
  deepJson,
  fc.integer({ min: 65 * 1024, max: 300 * 1024 }).map((n) => 'x'.repeat(n)),
  fc.constant(JSON.stringify({ title: 'ok', count: 1, tags: [] })),
);

interface RandomRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}
const anyRequest = fc.record({ method, path, headers, body });
// Mostly-right requests reach validation and handlers instead of stopping at routing or the media type.
const nearlyRightRequest = fc.record({
  method: fc.constantFrom('POST', 'POST', 'PUT'),
  path: fc.constantFrom('/api/test/things/thg_ABCD', '/api/test/things/thg_ABCD?x=1', '/api/test/things/nope'),
  headers: fc
    .tuple(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/problem+json'), headers)
    .map(([type, rest]) => ({ ...rest, 'content-type': type })),
  body,
});
const request = fc.oneof(anyRequest, nearlyRightRequest);

describe('the app under random input', () => {
  it('never answers 5xx, always envelopes 4xx and never lets a rejected request change stored data', async () => {
    let before = snapshot();
    await fc.assert(
      fc.asyncProperty(request, async ({ method: m, path: p, headers: h, body: b }: RandomRequest) => {
        const init: RequestInit = { method: m, headers: h };
        if (m !== 'GET' && m !== 'HEAD' && b !== null) init.body = typeof b === 'string' ? b : new Uint8Array(b);
        const res = await platform.app.request(p, init);
        const text = await res.text();
        expect(res.status, `${m} ${p} -> ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(res.headers.get('x-request-id')).toBeTruthy();
        if (res.status >= 400 && m !== 'HEAD') {
          const parsed = ApiErrorBody.safeParse(JSON.parse(text));
          expect(parsed.success, text.slice(0, 300)).toBe(true);
          expect(parsed.data?.error.requestId).toBe(res.headers.get('x-request-id'));
        }
        const after = snapshot();
        if (res.status >= 400) expect(after, `${m} ${p} -> ${res.status} changed stored data`).toBe(before);
        before = after;
      }),
      { numRuns: 1000 },
    );
  });
});
