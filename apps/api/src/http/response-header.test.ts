import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { type RunningServer, startNodeServer } from '../entry/node-server.ts';

// Over real HTTP: on the Node server, middleware headers go onto the ServerResponse rather than through
// Hono's Headers (in-process tests take the other path), so check them on the wire.
let platform: TempPlatform;
let server: RunningServer;

beforeAll(async () => {
  platform = await startTempPlatform({
    env: { RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '86400', PORT: '0', HOST: '127.0.0.1' },
  });
  platform.app.get('/api/test/raw', () => new Response('raw', { headers: { 'content-type': 'text/plain' } }));
  server = await startNodeServer(platform.deps, platform.app);
});
afterAll(async () => {
  await server.close();
  rmSync(platform.dataDir, { recursive: true, force: true });
});

const security = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

function expectCommonHeaders(res: Response) {
  expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9A-Z]{26}$/);
  for (const [name, value] of Object.entries(security)) expect(res.headers.get(name), name).toBe(value);
}

describe('middleware headers on the Node server', () => {
  it('are on JSON, raw and error responses, once each', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expectCommonHeaders(health);
    expect(health.headers.get('ratelimit-limit')).toBeNull();
    const raw = await fetch(`${server.url}/api/test/raw`);
    expect(await raw.text()).toBe('raw');
    expectCommonHeaders(raw);
    expect(raw.headers.get('content-type')).toBe('text/plain');
    expect(raw.headers.get('x-request-id')).not.toContain(',');
  });

  it('keep a sane incoming request id and carry the rate limit countdown and 429', async () => {
    // The raw request of the test above took one of the 3 tokens (a day-long window: no roll mid-test).
    const first = await fetch(`${server.url}/api/nope`, { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(first.status).toBe(404);
    expect(first.headers.get('x-request-id')).toBe('trace-abc-123');
    expect((await first.json()).error.requestId).toBe('trace-abc-123');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    const second = await fetch(`${server.url}/api/nope`);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const limited = await fetch(`${server.url}/api/nope`);
    expect(limited.status).toBe(429);
    expectCommonHeaders(limited);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('retry-after')).toBe(limited.headers.get('ratelimit-reset'));
    expect((await limited.json()).error.code).toBe('rate_limited');
  });
});
