/**
 * A request header, read where it costs least. On the Node server that is the IncomingMessage's parsed
 * headers: asking Hono (`c.req.header`) makes @hono/node-server build a Web `Headers` object from every
 * raw header first (0.7 µs for 3 headers, 3.3 µs for a browser's 15, measured), for each request, before
 * any route needs it. Elsewhere (Lambda, in-process `app.request`) the request already is a Web Request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Context } from 'hono';
import type { RequestBindings } from './app-env.ts';

/** The Node server's parsed request headers; undefined when the request is a Web Request (Lambda, in process). */
export function nodeRequestHeaders(c: Context): IncomingHttpHeaders | undefined {
  return (c.env as RequestBindings | undefined)?.incoming?.headers;
}

/** `name` must be lower case. Repeated headers come back joined with ", ", as `Headers.get` does. */
export function requestHeader(c: Context, name: string): string | undefined {
  return headerOf(c.req.raw, c.env as RequestBindings | undefined, name);
}

/** The same, before Hono has a Context (the request frame): from the request and the entry's bindings. */
export function headerOf(request: Request, bindings: RequestBindings | undefined, name: string): string | undefined {
  const headers = bindings?.incoming?.headers;
  if (!headers) return request.headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
