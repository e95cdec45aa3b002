import { rmSync } from 'node:fs';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import { startServerProcess } from '../../test/server-process.ts';
import { manualClock, startTempPlatform, type TempPlatform, tempDir } from '../../test/temp-platform.ts';
import type { AppEnv } from './app-env.ts';
import { createErrorHandler } from './error-response.ts';
import { rateLimit, rateLimitKeyOf } from './rate-limit.ts';
import { rateLimitItemKey } from './rate-limit-lease.ts';
import { withRequestFrame } from './request-frame.ts';

const opened: TempPlatform[] = [];
async function platformWith(env: Record<string, string>, options: Parameters<typeof startTempPlatform>[0] = {}) {
  const p = await startTempPlatform({ ...options, env: { ...env, ...options.env } });
  opened.push(p);
  return p;
}
afterAll(async () => {
  for (const p of opened) await p.close();
});

const limited = '/api/platform';

describe('rate limiting', () => {
  it('counts down RateLimit-* headers and answers 429 with Retry-After once over the limit', async () => {
    // Near real time: the store expires items by its own clock, so the test clock must not be far off it.
    const clock = manualClock(Math.floor(Date.now() / 60_000) * 60_000 + 15_000); // 15 s into a 60 s window
    const { app } = await platformWith({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '60' }, { clock });
    for (const remaining of [2, 1, 0]) {
      const res = await app.request(limited);
      expect(res.status).not.toBe(429);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(remaining));
      expect(res.headers.get('ratelimit-reset')).toBe('45');
    }
    const res = await app.request(limited);
    const body = await expectError(res, 429, 'rate_limited');
    expect(res.headers.get('retry-after')).toBe('45');
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect(res.headers.get('ratelimit-reset')).toBe('45');
    expect(body.error.details).toEqual({ retryAfterMs: 45_000 });

    clock.advance(45_000); // the next window starts
    const fresh = await app.request(limited);
    expect(fresh.status).not.toBe(429);
    expect(fresh.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('limits unknown routes too, and never the probes or docs', async () => {
    const { app } = await platformWith({ RATE_LIMIT_REQUESTS: '1' });
    await app.request('/api/nope');
    await expectError(await app.request('/api/also-nope'), 429, 'rate_limited');
    for (const path of ['/api/health', '/api/ready', '/api/openapi.json', '/api/docs']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('ratelimit-limit'), path).toBeNull();
    }
  });

  it('keys anonymous callers by IP, trusting X-Forwarded-For only behind a proxy', async () => {
    const trusted = await platformWith({ RATE_LIMIT_REQUESTS: '1', TRUST_PROXY: 'true' });
    const from = (ip: string) => trusted.app.request(limited, { headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
    expect((await from('203.0.113.1')).status).not.toBe(429);
    expect((await from('203.0.113.2')).status).not.toBe(429);
    expect((await from('203.0.113.1')).status).toBe(429);

    const untrusted = await platformWith({ RATE_LIMIT_REQUESTS: '1' });
    const spoof = (ip: string) => untrusted.app.request(limited, { headers: { 'x-forwarded-for': ip } });
    expect((await spoof('198.51.100.1')).status).not.toBe(429);
    expect((await spoof('198.51.100.2')).status).toBe(429);
  });

  it('keys signed-in callers by user once an identity middleware ahead of it sets userId', async () => {
    const { deps } = await platformWith({});
    const app = new Hono<AppEnv>();
    app.fetch = withRequestFrame(app.fetch, deps);
    app.onError(createErrorHandler(deps.logger));
    // Stand-in for the identity middleware of the next issue.
    app.use(async (c, next) => {
      const user = c.req.header('x-test-user');
      if (user) c.set('userId', user);
      await next();
    });
    app.use(
      rateLimit({ ...deps, store: deps.itemStore, requests: 1, windowSeconds: 60, keyOf: rateLimitKeyOf(false) }),
    );
    app.get('/', (c) => c.text('ok'));
    const as = (user?: string) => app.request('/', { headers: user ? { 'x-test-user': user } : {} });
    expect((await as('usr_a')).status).toBe(200);
    expect((await as('usr_b')).status).toBe(200);
    expect((await as()).status).toBe(200);
    await expectError(await as('usr_a'), 429, 'rate_limited');
    await expectError(await as(), 429, 'rate_limited');
  });

  it('shares one limit between two app instances on the same SQLite file', async () => {
    const dataDir = tempDir();
    const env = { RATE_LIMIT_REQUESTS: '4' };
    const first = await platformWith(env, { dataDir });
    const second = await platformWith(env, { dataDir });
    const statuses: number[] = [];
    for (const app of [first.app, second.app, first.app, second.app, first.app, second.app]) {
      statuses.push((await app.request(limited)).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.slice(4)).toEqual([429, 429]);
  });

  it('leases tokens in blocks: one store write per block, the countdown still exact in one process', async () => {
    const { deps } = await platformWith({});
    const app = new Hono<AppEnv>();
    app.fetch = withRequestFrame(app.fetch, deps);
    app.onError(createErrorHandler(deps.logger));
    app.use(
      rateLimit({
        ...deps,
        store: deps.itemStore,
        requests: 20,
        windowSeconds: 3600,
        leaseSize: 5,
        keyOf: () => 'ip:lease-test',
      }),
    );
    app.get('/', (c) => c.text('ok'));
    const windowStart = Math.floor(deps.clock.nowMs() / 1000 / 3600) * 3600;
    const leased = async () =>
      (await deps.itemStore.get<{ leased: number }>(rateLimitItemKey('ip:lease-test', windowStart)))?.data.leased;

    // Concurrent requests share one lease in flight instead of each writing to the store.
    const first = await Promise.all(Array.from({ length: 3 }, () => app.request('/')));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await leased()).toBe(5);
    const remaining = first.map((r) => Number(r.headers.get('ratelimit-remaining'))).sort((a, b) => b - a);
    expect(remaining).toEqual([19, 18, 17]);
    for (let expected = 16; expected >= 0; expected--) {
      const res = await app.request('/');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(expected));
    }
    expect(await leased()).toBe(20);
    await expectError(await app.request('/'), 429, 'rate_limited');
    expect(await leased()).toBe(20);
  });

  it('never lets two server processes on one SQLite file exceed the limit together', async () => {
    const dataDir = tempDir();
    const limit = 100;
    const windowSeconds = 3600;
    const blockSize = limit / 20; // the default lease size
    const env = { RATE_LIMIT_REQUESTS: String(limit), RATE_LIMIT_WINDOW_SECONDS: String(windowSeconds) };
    // One after the other, so the second does not race the first one's migrations.
    const first = await startServerProcess(dataDir, env);
    const second = await startServerProcess(dataDir, env);
    try {
      const hit = async (url: string) => {
        const res = await fetch(`${url}${limited}`);
        await res.arrayBuffer();
        // Which window answered: its end, from the reset header (robust to a window rolling mid-test).
        const windowEnd = Date.now() / 1000 + Number(res.headers.get('ratelimit-reset'));
        return { limited: res.status === 429, window: Math.round(windowEnd / windowSeconds) };
      };
      const results = await Promise.all(
        Array.from({ length: 3 * limit }, (_, i) => hit(i % 2 === 0 ? first.url : second.url)),
      );
      const servedByWindow = new Map<number, number>();
      for (const r of results) {
        if (!r.limited) servedByWindow.set(r.window, (servedByWindow.get(r.window) ?? 0) + 1);
      }
      for (const served of servedByWindow.values()) expect(served).toBeLessThanOrEqual(limit);
      if (servedByWindow.size === 1) {
        // Tokens a process leased but did not use are the only shortfall: at most (N - 1) blocks.
        expect([...servedByWindow.values()][0]).toBeGreaterThanOrEqual(limit - blockSize);
      }
      expect(results.filter((r) => r.limited).length).toBeGreaterThan(0);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is off when RATE_LIMIT_REQUESTS is 0', async () => {
    const { app } = await platformWith({ RATE_LIMIT_REQUESTS: '0' });
    for (let i = 0; i < 5; i++) expect((await app.request(limited)).headers.get('ratelimit-limit')).toBeNull();
  });
});
