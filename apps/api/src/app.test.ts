import { HealthResponse, PlatformResponse, ReadyResponse } from '@diatonic/api-schemas';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../test/envelope.ts';
import { startTempPlatform, type TempPlatform } from '../test/temp-platform.ts';
import { runSeed } from './seed/run-seed.ts';

let platform: TempPlatform;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { CORS_ORIGINS: 'https://app.example.com' } });
});
afterAll(async () => {
  await platform.close();
});

describe('routing', () => {
  it("keeps every route expressible by Hono's RegExpRouter (one ambiguous route drops every request to the slower TrieRouter)", () => {
    const router = new RegExpRouter<string>();
    for (const route of platform.app.routes) router.add(route.method, route.path, route.path);
    expect(() => router.match('GET', '/api/health')).not.toThrow();
  });
});

describe('probes', () => {
  it('answers /api/health without touching the store', async () => {
    const res = await platform.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(HealthResponse.parse(await res.json()).status).toBe('ok');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });

  it('answers /api/ready after pinging the store', async () => {
    const res = await platform.app.request('/api/ready');
    expect(res.status).toBe(200);
    expect(ReadyResponse.parse(await res.json())).toEqual({ status: 'ready', checks: { itemStore: 'ok' } });
  });

  it('answers 503 unavailable when the store cannot be reached', async () => {
    const broken = await startTempPlatform();
    await broken.deps.itemStore.close();
    const res = await broken.app.request('/api/ready');
    const body = await expectError(res, 503, 'unavailable');
    expect(JSON.stringify(body)).not.toMatch(/sqlite|database|closed/i);
    expect(broken.logs.some((l) => l.msg === 'readiness check failed')).toBe(true);
    await broken.close();
  });
});

describe('GET /api/platform', () => {
  it('is 404 before the seed and the seeded record after', async () => {
    await expectError(await platform.app.request('/api/platform'), 404, 'not_found');
    const { itemStore, clock, ids, logger, identity, education, workbench, community } = platform.deps;
    await runSeed({ itemStore, clock, ids, logger, identity, education, workbench, community, demoData: true });
    const res = await platform.app.request('/api/platform');
    expect(res.status).toBe(200);
    const body = PlatformResponse.parse(await res.json());
    expect(body).toMatchObject({ name: 'Diatonic AI Platform', schemaVersion: 1, demoData: true });
    expect(body.instanceId).toMatch(/^plt_/);
  });
});

describe('request ids, headers and logs', () => {
  it('keeps a sane incoming x-request-id and replaces an insane one', async () => {
    const kept = await platform.app.request('/api/health', { headers: { 'x-request-id': 'trace-1234-abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-1234-abcd');
    const replaced = await platform.app.request('/api/health', { headers: { 'x-request-id': 'bad id\twith <stuff>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_[0-9A-Z]{26}$/);
  });

  it('sets x-request-id and security headers on success, errors and 404s alike', async () => {
    for (const [path, status] of [
      ['/api/health', 200],
      ['/api/nope', 404],
      ['/nothing-here.txt', 404],
    ] as const) {
      const res = await platform.app.request(path, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(status);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('logs one line per request with method, path, status, duration and request id, never the query', async () => {
    await platform.app.request('/api/health?token=secret', {
      headers: { 'x-request-id': 'log-test-0001', authorization: 'Bearer secret-token' },
    });
    const line = platform.logs.find((l) => l.requestId === 'log-test-0001');
    expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/api/health', status: 200 });
    expect(typeof line?.ms).toBe('number');
    expect(JSON.stringify(platform.logs)).not.toContain('secret');
  });
});

describe('unknown routes and methods', () => {
  it('answers an unknown API route with the 404 envelope', async () => {
    const body = await expectError(await platform.app.request('/api/does/not/exist'), 404, 'not_found');
    expect(body.error.message).toContain('/api/does/not/exist');
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await platform.app.request('/api/health', { method: 'DELETE' });
    const body = await expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(body.error.details).toEqual({ allowed: ['GET', 'HEAD'] });
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await platform.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/ready', '/api/platform']));
    expect(doc.paths['/api/platform']?.get?.responses).toHaveProperty('200');
    expect(doc.components.schemas).toHaveProperty('ApiError');
    expect(doc.components.schemas).toHaveProperty('PlatformResponse');
  });

  it('serves Swagger UI from the installed package, with no CDN', async () => {
    const page = await platform.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['docs/swagger-ui.css', 'docs/swagger-ui-bundle.js', 'docs/init.js']) {
      expect(html).toContain(asset);
      const res = await platform.app.request(`/api/${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(20);
    }
    await expectError(await platform.app.request('/api/docs/package.json'), 404, 'not_found');
  });
});

describe('CORS', () => {
  it('allows configured origins only', async () => {
    const allowed = await platform.app.request('/api/health', { headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await platform.app.request('/api/health', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflights for configured origins', async () => {
    const res = await platform.app.request('/api/platform', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
