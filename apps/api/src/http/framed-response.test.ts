import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FramedServerResponse } from './framed-response.ts';

// Over real HTTP: what matters is what Node writes on the socket.
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function answer(handle: (response: FramedServerResponse) => void) {
  server = createServer({ ServerResponse: FramedServerResponse }, (_request, response) =>
    handle(response as FramedServerResponse<IncomingMessage>),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`);
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    body: await response.text(),
  };
}

const withFrame = (response: FramedServerResponse) => {
  response.setFrameHeaders(['x-request-id', 'req_1', 'x-frame-options', 'DENY']);
  response.setFrameHeader('ratelimit-remaining', '9');
};

describe('FramedServerResponse', () => {
  it("writes the frame's headers with the route's, in one writeHead", async () => {
    const { status, headers, body } = await answer((response) => {
      withFrame(response);
      response.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': 2 });
      response.end('{}');
    });
    expect(status).toBe(201);
    expect(headers.get('x-request-id')).toBe('req_1');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('ratelimit-remaining')).toBe('9');
    expect(headers.get('content-type')).toBe('application/json');
    expect(body).toBe('{}');
  });

  it("lets the route's own value win, in any letter case, given to writeHead or set with setHeader", async () => {
    const { headers } = await answer((response) => {
      withFrame(response);
      response.setHeader('RateLimit-Remaining', '3');
      response.writeHead(200, { 'X-Frame-Options': 'SAMEORIGIN' });
      response.end();
    });
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('ratelimit-remaining')).toBe('3');
    expect(headers.get('x-request-id')).toBe('req_1');
  });

  it('replaces a frame header set twice, rather than sending it twice', async () => {
    const { headers } = await answer((response) => {
      withFrame(response);
      response.setFrameHeader('RateLimit-Remaining', '8');
      response.end('ok');
    });
    expect(headers.get('ratelimit-remaining')).toBe('8');
  });

  it('takes a reason phrase, flat and nested header lists, and an implicit writeHead from end()', async () => {
    const withReason = await answer((response) => {
      withFrame(response);
      response.writeHead(418, 'Short and stout', ['x-a', '1']);
      response.end();
    });
    expect([withReason.status, withReason.statusText]).toEqual([418, 'Short and stout']);
    expect([withReason.headers.get('x-a'), withReason.headers.get('x-request-id')]).toEqual(['1', 'req_1']);

    const nested = await answer((response) => {
      withFrame(response);
      response.writeHead(200, [['x-b', '2']] as unknown as string[]);
      response.end();
    });
    expect([nested.headers.get('x-b'), nested.headers.get('x-request-id')]).toEqual(['2', 'req_1']);

    const implicit = await answer((response) => {
      withFrame(response);
      response.statusCode = 204;
      response.end();
    });
    expect([implicit.status, implicit.headers.get('x-request-id')]).toEqual([204, 'req_1']);
  });

  it('is a plain ServerResponse when nothing framed it', async () => {
    const { headers, body } = await answer((response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('plain');
    });
    expect(headers.get('x-request-id')).toBeNull();
    expect(body).toBe('plain');
  });
});
