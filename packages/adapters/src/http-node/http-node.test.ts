/**
 * The `http` node against a real local server. The server listens on 127.0.0.1, which the guard must
 * refuse; the "allowed" tests reach it only through a test resolver name plus an explicit
 * `allowAddress` for exactly that address and port. Every blocked case also proves that no request
 * reached the server.
 */
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RetryableNodeError, testNode, testNodeContext } from '@diatonic/core/workbench/nodes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EgressBlockedError, ResponseTooLargeError, TooManyRedirectsError } from './egress-errors.ts';
import { createHttpNodeExecutor } from './http-node-executor.ts';
import type { ResolveHost } from './resolve-host.ts';

let server: http.Server;
let port = 0;
let hits: string[] = [];
let closedRequests = 0;

function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://local');
  hits.push(url.pathname);
  request.on('close', () => {
    if (!response.writableEnded) closedRequests++;
  });
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const path = url.pathname;
    if (path === '/json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'world' }));
    } else if (path === '/echo') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(
        JSON.stringify({
          method: request.method,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          query: url.search,
        }),
      );
    } else if (path === '/text') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('plain text');
    } else if (path === '/redirect') {
      response.writeHead(Number(url.searchParams.get('status') ?? 302), {
        location: url.searchParams.get('to') ?? '/',
      });
      response.end();
    } else if (path === '/png') {
      response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]));
    } else if (path === '/loop') {
      response.writeHead(302, { location: '/loop' }).end();
    } else if (path === '/big') {
      // 2 MB without a content-length: the cap has to count while reading.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 32) {
          sent++;
          if (!response.write(chunk)) return response.once('drain', pump);
        }
        response.end();
      };
      pump();
    } else if (path === '/declared-big') {
      response.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      response.write('x');
    } else if (path === '/slow') {
      // Never answers; the client's timeout or abort has to end it.
    } else if (path.startsWith('/status/')) {
      response.writeHead(Number(path.slice('/status/'.length))).end('status');
    } else {
      response.writeHead(404).end();
    }
  });
}

beforeAll(async () => {
  server = http.createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  hits = [];
  closedRequests = 0;
});

const dnsTable: Record<string, string[]> = {
  'api.public.test': ['127.0.0.1'], // the test server, reachable only with the allowance below
  'other.public.test': ['127.0.0.1'], // the same server under a second origin
  'localtest.me': ['127.0.0.1'],
  'internal.example.com': ['10.0.0.5'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
  'v6local.example.com': ['::1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'ula.example.com': ['fd00:ec2::254'],
  'cgnat.example.com': ['100.64.1.1'],
  'public.example.com': ['93.184.216.34'],
};

const resolve: ResolveHost = async (hostname) => {
  const addresses = dnsTable[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses;
};

/** No allowance at all: what production gets. */
const guarded = createHttpNodeExecutor({ resolve });
/** The test server's exact address and port are allowed, nothing else. */
const allowingTestServer = createHttpNodeExecutor({
  resolve,
  allowAddress: (address, target) => address === '127.0.0.1' && target === port,
});

function run(executor: typeof guarded, data: Record<string, unknown>, overrides = {}) {
  return executor.execute(testNodeContext(testNode('http', data), overrides));
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('SSRF guard: blocked URL forms', () => {
  const forms = (p: number): string[] => [
    `http://127.0.0.1:${p}/json`,
    `https://127.0.0.1:${p}/json`,
    `http://localhost:${p}/json`,
    `http://LOCALHOST:${p}/json`,
    `http://localhost.:${p}/json`,
    `http://api.localhost:${p}/json`,
    `http://2130706433:${p}/json`,
    `http://0x7f000001:${p}/json`,
    `http://0177.0.0.1:${p}/json`,
    `http://0x7f.1:${p}/json`,
    `http://127.1:${p}/json`,
    `http://127.0.0.1.:${p}/json`,
    `http://127.000.000.001:${p}/json`,
    `http://１２７.０.０.１:${p}/json`,
    `http://127.0.0.%31:${p}/json`,
    `http://%6c%6f%63%61%6c%68%6f%73%74:${p}/json`,
    `http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ:${p}/json`,
    `http://[::ffff:7f00:1]:${p}/json`,
    `http://0.0.0.0:${p}/json`,
    `http://0:${p}/json`,
    'http://0.1.2.3/',
    `http://[::1]:${p}/json`,
    `http://[::]:${p}/json`,
    `http://[::ffff:127.0.0.1]:${p}/json`,
    `http://[0:0:0:0:0:ffff:7f00:1]:${p}/json`,
    `http://[::127.0.0.1]:${p}/json`,
    'http://[64:ff9b::7f00:1]/',
    'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/',
    'http://[2002:7f00:1::]/',
    'http://[2001::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
    `http://a@127.0.0.1:${p}/json`,
    `http://public.example.com@127.0.0.1:${p}/json`,
    'http://user:pass@public.example.com/',
    'file:///etc/passwd',
    'ftp://public.example.com/',
    `gopher://127.0.0.1:${p}/_GET`,
    'data:text/plain,hello',
    'javascript:alert(1)',
    'http://intranet/',
    `http://localtest.me:${p}/json`,
    'http://internal.example.com/',
    'http://metadata.example.com/latest/meta-data/',
    'http://mixed.example.com/',
    'http://v6local.example.com/',
    'http://mapped.example.com/',
    'http://ula.example.com/',
    'http://cgnat.example.com/',
    'http://public.example.com:22/',
    'http://public.example.com:6379/',
  ];

  it('has at least 30 forms', () => {
    expect(forms(port).length).toBeGreaterThanOrEqual(30);
  });

  it.each(forms(0).map((_, index) => [index]))('form #%i is blocked before any connection', async (index) => {
    // Through a template, so the runtime guard (not the save-time check) is what refuses it.
    const url = forms(port)[index] as string;
    const error = await failure(run(guarded, { url: '{{input}}' }, { input: url }));
    expect(error, url).toBeInstanceOf(EgressBlockedError);
    expect(error).not.toBeInstanceOf(RetryableNodeError);
    expect(hits).toEqual([]);
  });

  it('refuses literal private addresses even with the test allowance', async () => {
    const error = await failure(run(allowingTestServer, { url: `http://127.0.0.1:${port}/json` }));
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect(hits).toEqual([]);
  });

  it('blocks a host name that resolves to a private address, naming the address', async () => {
    const error = await failure(run(guarded, { url: 'http://internal.example.com/data' }));
    expect(error.message).toMatch(/resolves to a non-public address: private \(10\.0\.0\.0\/8\)/);
    expect(error.message).not.toContain('10.0.0.5');
  });
});

describe('SSRF guard: redirects', () => {
  const viaRedirect = (to: string, status = 302) =>
    `http://api.public.test:${port}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  it.each([
    [`http://127.0.0.1:${port}/json`],
    [`http://localhost:${port}/json`],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://internal.example.com/'],
    [`http://[::ffff:127.0.0.1]:${port}/json`],
    ['file:///etc/passwd'],
    [`http://user@api.public.test:${port}/json`],
  ])('blocks a redirect to %s', async (to) => {
    const error = await failure(run(allowingTestServer, { url: viaRedirect(to) }));
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect(hits).toEqual(['/redirect']);
  });

  it('blocks a 307 redirect to 127.0.0.1 of a POST too', async () => {
    const error = await failure(
      run(allowingTestServer, { method: 'POST', url: viaRedirect(`http://127.0.0.1:${port}/echo`, 307), body: 'x' }),
    );
    expect(error).toBeInstanceOf(EgressBlockedError);
    expect(hits).toEqual(['/redirect']);
  });

  it('follows an allowed redirect and checks the hop against the allow-list', async () => {
    const ok = await run(allowingTestServer, { url: viaRedirect('/json') });
    expect(ok.output).toMatchObject({ status: 200, body: { hello: 'world' } });
    expect(hits).toEqual(['/redirect', '/json']);

    hits = [];
    const error = await failure(
      run(allowingTestServer, {
        url: viaRedirect('http://public.example.com/'),
        allowedHosts: ['api.public.test'],
      }),
    );
    expect(error.message).toMatch(/not in this agent's allowed hosts/);
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const result = await run(allowingTestServer, {
      url: viaRedirect(`http://other.public.test:${port}/echo`),
      headers: { Authorization: 'Bearer secret', 'X-Keep': 'yes' },
    });
    const headers = (result.output as { body: { headers: Record<string, string> } }).body.headers;
    expect(headers['x-keep']).toBe('yes');
    expect(headers.authorization).toBeUndefined();
  });

  it('turns a 303 after POST into a GET without the body', async () => {
    const result = await run(allowingTestServer, { method: 'POST', url: viaRedirect('/echo', 303), body: 'secret' });
    expect(result.output).toMatchObject({ body: { method: 'GET', body: '' } });
  });

  it('stops after 5 redirects', async () => {
    const error = await failure(run(allowingTestServer, { url: `http://api.public.test:${port}/loop` }));
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(hits).toHaveLength(6);
  });
});

describe('http node requests', () => {
  it('renders URL, headers and a JSON body from the run', async () => {
    const result = await run(
      allowingTestServer,
      {
        method: 'POST',
        url: `http://api.public.test:${port}/echo?user={{input.user}}&lang={{vars.lang}}`,
        headers: { 'X-Trace': 'run-{{nodes.prev.output.id}}' },
        body: { user: '{{input.user}}', count: '{{input.count}}', note: 'lang={{vars.lang}}' },
      },
      { input: { user: 'ada', count: 3 }, variables: { lang: 'en' }, nodeOutputs: { prev: { id: 'p1' } } },
    );
    const output = result.output as { status: number; body: Record<string, unknown>; url: string };
    expect(output.status).toBe(200);
    expect(output.body.method).toBe('POST');
    expect(output.body.query).toBe('?user=ada&lang=en');
    expect(output.body.headers).toMatchObject({ 'x-trace': 'run-p1', 'content-type': 'application/json' });
    expect(JSON.parse(output.body.body as string)).toEqual({ user: 'ada', count: 3, note: 'lang=en' });
  });

  it('connects to the address it vetted, resolving each name once (no DNS rebinding window)', async () => {
    let calls = 0;
    // First answer is the (allowed) test server; any later answer would be a private address.
    const rebinding: ResolveHost = async () => (calls++ === 0 ? ['127.0.0.1'] : ['10.9.9.9']);
    const executor = createHttpNodeExecutor({
      resolve: rebinding,
      allowAddress: (address, target) => address === '127.0.0.1' && target === port,
    });
    const result = await run(executor, { url: `http://rebind.public.test:${port}/json` });
    expect(result.output).toMatchObject({ status: 200 });
    expect(calls).toBe(1);
    expect(hits).toEqual(['/json']);
  });

  it('returns text bodies as text and binary bodies as base64', async () => {
    const result = await run(allowingTestServer, { url: `http://api.public.test:${port}/text` });
    expect(result.output).toMatchObject({ status: 200, body: 'plain text' });
    const png = await run(allowingTestServer, { url: `http://api.public.test:${port}/png` });
    expect(png.output).toMatchObject({ body: { base64: 'iVBOR/8A', contentType: 'image/png' } });
  });

  it('enforces the node and agent host allow-lists', async () => {
    const url = `http://api.public.test:${port}/json`;
    expect((await run(allowingTestServer, { url, allowedHosts: ['*.public.test'] })).output).toMatchObject({
      status: 200,
    });
    const blocked = await failure(run(allowingTestServer, { url, allowedHosts: ['api.example.com'] }));
    expect(blocked).toBeInstanceOf(EgressBlockedError);

    const agentRestricted = createHttpNodeExecutor({
      resolve,
      allowAddress: (address, target) => address === '127.0.0.1' && target === port,
      agentAllowedHosts: () => ['only.example.com'],
    });
    expect(await failure(run(agentRestricted, { url }))).toBeInstanceOf(EgressBlockedError);
    expect(hits).toEqual(['/json']);
  });

  it('caps the response size while reading and by declared length', async () => {
    const streamed = await failure(
      run(allowingTestServer, { url: `http://api.public.test:${port}/big`, maxResponseBytes: 100_000 }),
    );
    expect(streamed).toBeInstanceOf(ResponseTooLargeError);
    const declared = await failure(run(allowingTestServer, { url: `http://api.public.test:${port}/declared-big` }));
    expect(declared).toBeInstanceOf(ResponseTooLargeError);
    expect(declared.message).toMatch(/52428800 bytes/);
  });

  it('times out as a retryable error', async () => {
    const started = Date.now();
    const error = await failure(
      run(allowingTestServer, { url: `http://api.public.test:${port}/slow`, timeoutMs: 200 }),
    );
    expect(error).toBeInstanceOf(RetryableNodeError);
    expect(error.message).toMatch(/longer than 200 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('aborts the in-flight request when the run is stopped', async () => {
    const controller = new AbortController();
    const pending = run(
      allowingTestServer,
      { url: `http://api.public.test:${port}/slow`, timeoutMs: 60_000 },
      { signal: controller.signal },
    );
    while (!hits.includes('/slow')) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    controller.abort(new Error('run stopped'));
    const error = await failure(pending);
    expect(error.message).toBe('run stopped');
    expect(error).not.toBeInstanceOf(RetryableNodeError);
    expect(Date.now() - started).toBeLessThan(1_000);
    while (closedRequests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it.each([
    [503, true],
    [500, true],
    [429, true],
    [404, false],
    [400, false],
  ])('status %i is retryable: %s', async (status, retryable) => {
    const error = await failure(run(allowingTestServer, { url: `http://api.public.test:${port}/status/${status}` }));
    expect(error instanceof RetryableNodeError).toBe(retryable);
    expect(error.message).toContain(String(status));
  });

  it('treats a refused connection as retryable', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadPort = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const executor = createHttpNodeExecutor({ resolve, allowAddress: (_address, target) => target === deadPort });
    const error = await failure(run(executor, { url: `http://api.public.test:${deadPort}/` }));
    expect(error).toBeInstanceOf(RetryableNodeError);
  });
});

describe('http node validation', () => {
  const issues = (data: Record<string, unknown>) => guarded.validate(testNode('http', data, 'h1'));

  it('accepts a complete configuration', () => {
    expect(
      issues({
        method: 'post',
        url: 'https://api.example.com/items/{{input.id}}',
        headers: { Authorization: 'Bearer {{vars.token}}' },
        body: { name: '{{input.name}}' },
        timeoutMs: 5000,
        maxResponseBytes: 65536,
        allowedHosts: ['api.example.com', '*.example.org:8443'],
      }),
    ).toEqual([]);
  });

  it.each([
    [{}, 'url'],
    [{ url: 'ftp://example.com/' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'https://x.example.com/{{var.id}}' }, 'url'],
    [{ url: 'https://x.example.com/', method: 'TRACE' }, 'method'],
    [{ url: 'https://x.example.com/', headers: { Host: 'internal' } }, 'headers.Host'],
    [{ url: 'https://x.example.com/', headers: { 'Bad Name': 'x' } }, 'headers.Bad Name'],
    [{ url: 'https://x.example.com/', headers: { 'X-A': 'a\r\nInjected: 1' } }, 'headers.X-A'],
    [{ url: 'https://x.example.com/', body: 'x' }, 'body'],
    [{ url: 'https://x.example.com/', timeoutMs: 0 }, 'timeoutMs'],
    [{ url: 'https://x.example.com/', timeoutMs: 600_000 }, 'timeoutMs'],
    [{ url: 'https://x.example.com/', maxResponseBytes: 100 * 1024 * 1024 }, 'maxResponseBytes'],
    [{ url: 'https://x.example.com/', allowedHosts: ['http://x.example.com/'] }, 'allowedHosts'],
  ])('%j → issue on %s', (data, field) => {
    expect(issues(data).map((issue) => issue.field)).toContain(field);
  });

  it('refuses to execute a header whose substituted value would inject a line', async () => {
    const error = await failure(
      run(
        allowingTestServer,
        { url: `http://api.public.test:${port}/echo`, headers: { 'X-A': '{{input}}' } },
        { input: 'a\r\nX-Injected: 1' },
      ),
    );
    expect(error.message).toMatch(/line break/);
    expect(hits).toEqual([]);
  });
});
