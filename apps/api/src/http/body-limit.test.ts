import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { type RunningServer, startNodeServer } from '../entry/node-server.ts';

// Over real HTTP: on the Node server the limit reads the IncomingMessage headers, not the Web Request
// (errors.test.ts covers in-process requests, which take the other branch).
const limitBytes = 1024;
let platform: TempPlatform;
let server: RunningServer;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { BODY_LIMIT_BYTES: String(limitBytes), PORT: '0', HOST: '127.0.0.1' } });
  platform.app.post('/api/test/size', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  server = await startNodeServer(platform.deps, platform.app);
});
afterAll(async () => {
  await server.close();
  rmSync(platform.dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: { bytes?: number; error?: { code: string; details?: unknown } };
}

/** One request; `chunks` are written separately, so without a content-length they go out chunked. */
function send(method: string, headers: Record<string, string>, chunks: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/test/size`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('the body limit on the Node server', () => {
  it('accepts bodies up to the limit, declared or chunked', async () => {
    const exact = 'x'.repeat(limitBytes);
    const declared = await send('POST', { 'content-length': String(limitBytes) }, [exact]);
    expect(declared).toEqual({ status: 200, body: { bytes: limitBytes } });
    const chunked = await send('POST', { 'transfer-encoding': 'chunked' }, [exact.slice(0, 500), exact.slice(500)]);
    expect(chunked).toEqual({ status: 200, body: { bytes: limitBytes } });
  });

  it('refuses a declared Content-Length over the limit with 413', async () => {
    const big = 'x'.repeat(limitBytes + 1);
    const answer = await send('PUT', { 'content-length': String(big.length) }, [big]);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'payload_too_large', details: { limitBytes } });
  });

  it('refuses a chunked body that grows over the limit with 413', async () => {
    const chunk = 'x'.repeat(600);
    const answer = await send('POST', { 'transfer-encoding': 'chunked' }, [chunk, chunk]);
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('payload_too_large');
  });

  it('lets requests without a body through untouched', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const empty = await send('POST', {}, []);
    expect(empty).toEqual({ status: 200, body: { bytes: 0 } });
  });
});
