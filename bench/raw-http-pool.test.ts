import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRawHttpPool } from './raw-http-pool.ts';

let server: Server;
let baseUrl: string;
const seen: { method: string; url: string; body: string; socket: number }[] = [];
let sockets = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, socket: (req.socket as { id?: number }).id ?? -1 });
      if (req.url === '/chunked') {
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.write('first part;');
        res.end('second part');
      } else if (req.url === '/slow') setTimeout(() => res.end('late'), 500);
      else res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.on('connection', (socket) => {
    (socket as { id?: number }).id = ++sockets;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('raw HTTP pool (the paced load client)', () => {
  it('answers fixed-length and chunked responses with their status, reusing at most N sockets', async () => {
    const pool = createRawHttpPool(baseUrl, 2, 5_000);
    const before = sockets;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.request(
          i % 2 ? 'POST' : 'GET',
          ['/ok', '/chunked', '/missing'][i % 3]!,
          { 'x-n': String(i) },
          i % 2 ? `{"i":${i}}` : undefined,
        ),
      ),
    );
    pool.close();
    expect(statuses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, i) => [200, 201, 404][i % 3]));
    expect(sockets - before).toBe(2);
    expect(seen.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body).i)).toHaveLength(10);
  });

  it('times a request out instead of waiting for ever', async () => {
    const pool = createRawHttpPool(baseUrl, 1, 100);
    await expect(pool.request('GET', '/slow', {})).rejects.toThrow('timeout');
    // The poisoned socket is replaced: the next request still gets its own answer.
    await expect(pool.request('GET', '/ok', {})).resolves.toEqual({ status: 200 });
    pool.close();
  });
});
