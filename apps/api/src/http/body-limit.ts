/**
 * Request bodies over `maxBytes` answer 413 `payload_too_large`. Only requests that carry a body pay
 * for the check: on the Node server a body exists only when the request says so (Content-Length or
 * Transfer-Encoding), and asking the lightweight request for `.body` would build a full Web Request
 * for every GET. A declared Content-Length is checked without reading (Node's parser guarantees the
 * body is exactly that long); a chunked or undeclared body is counted while it streams and refused as
 * soon as it crosses the limit, before the rest is read.
 *
 * A counted body is handed on through Hono's body cache (`c.req.json()`, `c.req.text()` and the
 * validators read it from there), not as a new Request built from the old one, as `hono/body-limit`
 * does: on Node 20, `new Request(request, …)` ties the new request to the old one's abort signal, and
 * undici keeps every such pair alive (about 2.5 KB per request, never collected; measured with
 * `app.request` POSTs, the path Lambda events and in-process requests take).
 */
import { AppError } from '@diatonic/core';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { nodeRequestHeaders } from './request-header.ts';

export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes`, {
      details: { limitBytes: maxBytes },
    });
  };

  const readThenNext = async (c: Context, next: Next) => {
    const body = await readCounted(c.req.raw.body, maxBytes);
    if (body === 'too large') return tooLarge();
    // Hono keeps promises in its body cache (it calls `.then` on them), though its type names the values.
    c.req.bodyCache.arrayBuffer = Promise.resolve(body) as unknown as ArrayBuffer;
    return next();
  };
  // Requests without a body, or with a declared length, are decided without an async frame.
  return (c, next) => {
    const declared = declaredBody(c);
    if (declared === 'none') return next();
    if (typeof declared === 'number') return declared > maxBytes ? tooLarge() : next();
    return readThenNext(c, next);
  };
}

/** The whole body, or 'too large' as soon as it crosses `maxBytes` (the rest is never read). */
async function readCounted(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<ArrayBuffer | 'too large'> {
  if (stream === null) return new ArrayBuffer(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

/**
 * `'none'` when the request has no body, its declared length when Content-Length alone describes it,
 * `'stream'` when it must be counted while read (chunked, or a Web Request without a valid length).
 */
function declaredBody(c: Context): 'none' | 'stream' | number {
  const nodeHeaders = nodeRequestHeaders(c);
  let length: string | null | undefined;
  let encoding: string | null | undefined;
  if (nodeHeaders) {
    // The Node server: read the parsed IncomingMessage headers, never the (lazily built) Web Request.
    length = nodeHeaders['content-length'];
    encoding = nodeHeaders['transfer-encoding'];
    if (length === undefined && encoding === undefined) return 'none';
  } else {
    // Lambda and in-process requests arrive as real Web Requests, where `.body` costs nothing.
    if (!c.req.raw.body) return 'none';
    length = c.req.raw.headers.get('content-length');
    encoding = c.req.raw.headers.get('transfer-encoding');
  }
  if (encoding !== undefined && encoding !== null) return 'stream';
  if (length === undefined || length === null || !/^\d+$/.test(length)) return 'stream';
  return Number(length);
}
