/**
 * Request bodies over `maxBytes` answer 413 `payload_too_large`. Only requests that carry a body pay
 * for the check: on the Node server a body exists only when the request says so (Content-Length or
 * Transfer-Encoding), and asking the lightweight request for `.body` would build a full Web Request
 * for every GET. A declared Content-Length is checked without reading (Node's parser guarantees the
 * body is exactly that long); a chunked or undeclared body is counted while it streams and refused as
 * soon as it crosses the limit, before the rest is read.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '@diatonic/core';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';

interface NodeBindings {
  incoming?: { headers?: IncomingHttpHeaders };
}

export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes`, {
      details: { limitBytes: maxBytes },
    });
  };
  const streamed = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });

  return (c, next) => {
    const declared = declaredBody(c);
    if (declared === 'none') return next();
    if (typeof declared === 'number') return declared > maxBytes ? tooLarge() : next();
    return streamed(c, next);
  };
}

/**
 * `'none'` when the request has no body, its declared length when Content-Length alone describes it,
 * `'stream'` when it must be counted while read (chunked, or a Web Request without a valid length).
 */
function declaredBody(c: Context): 'none' | 'stream' | number {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  let length: string | null | undefined;
  let encoding: string | null | undefined;
  if (incoming?.headers) {
    // The Node server: read the parsed IncomingMessage headers, never the (lazily built) Web Request.
    length = incoming.headers['content-length'];
    encoding = incoming.headers['transfer-encoding'];
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
