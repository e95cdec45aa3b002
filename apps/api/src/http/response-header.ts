/**
 * Response headers set by middleware before the handler runs. On the Node server they join the request
 * frame's headers on the ServerResponse (framed-response.ts), written in one list with whatever
 * response @hono/node-server writes (JSON, errors, raw Responses and static files alike); no Web
 * `Headers` object is built per request, which costs more than the rest of a small JSON route.
 * Elsewhere (Lambda, in-process `app.request`) they go through Hono's `c.header`.
 */
import type { Context } from 'hono';
import type { RequestBindings } from './app-env.ts';
import { FramedServerResponse } from './framed-response.ts';

export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as RequestBindings | undefined)?.outgoing;
  if (outgoing instanceof FramedServerResponse && !outgoing.headersSent) outgoing.setFrameHeader(name, value);
  else c.header(name, value);
}
