import { rmSync } from 'node:fs';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import type { AppEnv } from './app-env.ts';
import { type Fetch, requestIdOf, withRequestFrame } from './request-frame.ts';

// In process (`app.request`): the frame's headers are added to the Response once it exists; the Node
// server's path (headers set on the ServerResponse) is checked on the wire in response-header.test.ts.
let platform: TempPlatform;

beforeAll(async () => {
  platform = await startTempPlatform();
  platform.app.get('/api/test/frame/echo', (c) => c.json({ requestId: requestIdOf(c) }));
  platform.app.get('/api/test/frame/framed', (c) => c.text('own', 200, { 'x-frame-options': 'SAMEORIGIN' }));
  // Response.redirect's headers are immutable: the frame must copy it rather than fail.
  platform.app.get('/api/test/frame/redirect', () => Response.redirect('http://localhost/elsewhere', 302));
});
afterAll(async () => {
  await platform.close();
  rmSync(platform.dataDir, { recursive: true, force: true });
});

describe('request frame', () => {
  it('gives the route the same id it sends back and logs', async () => {
    const res = await platform.app.request('/api/test/frame/echo');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^req_[0-9A-Z]{26}$/);
    expect(await res.json()).toEqual({ requestId: id });
    expect(platform.logs.find((line) => line.requestId === id)).toMatchObject({
      msg: 'request',
      method: 'GET',
      path: '/api/test/frame/echo',
      status: 200,
    });
  });

  it("keeps a route's own value for a security header", async () => {
    const res = await platform.app.request('/api/test/frame/framed');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('adds its headers to a Response whose headers are immutable', async () => {
    const res = await platform.app.request('/api/test/frame/redirect');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://localhost/elsewhere');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('does not write the id into bindings a caller may share between requests', async () => {
    const shared = { tenant: 'shared' };
    const app = new Hono<AppEnv>();
    app.get('/', (c) => c.json({ requestId: requestIdOf(c), tenant: (c.env as unknown as typeof shared).tenant }));
    app.fetch = withRequestFrame(app.fetch, platform.deps);
    const bodies = await Promise.all(
      [app.request('/', {}, shared), app.request('/', {}, shared)].map(async (r) => (await r).json()),
    );
    expect(new Set(bodies.map((body) => body.requestId)).size).toBe(2);
    expect(bodies.every((body) => body.tenant === 'shared')).toBe(true);
    expect(shared).toEqual({ tenant: 'shared' });
  });

  it('logs a request whose handler chain rejects as a 500 and passes the rejection on', async () => {
    const failing: Fetch = () => Promise.reject(new Error('adapter blew up'));
    const framed = withRequestFrame(failing, platform.deps);
    const request = new Request('http://localhost/api/boom', { headers: { 'x-request-id': 'frame-test-rejects' } });
    await expect(framed(request)).rejects.toThrow('adapter blew up');
    expect(platform.logs.find((line) => line.requestId === 'frame-test-rejects')).toMatchObject({
      msg: 'request',
      path: '/api/boom',
      status: 500,
    });
  });
});
