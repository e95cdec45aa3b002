/**
 * Response headers set by middleware before the handler runs. On the Node server they go straight onto
 * the ServerResponse: @hono/node-server merges them into whatever response it writes (JSON, errors, raw
 * Responses and static files alike), and no Web `Headers` object has to be built per request, which
 * costs more than the rest of a small JSON route. Elsewhere (Lambda, in-process `app.request`) they go
 * through Hono's `c.header`, and the caller re-applies them to raw Responses after the handler.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

interface NodeBindings {
  outgoing?: ServerResponse;
}

/** The Node ServerResponse of this request when it can still take headers, else undefined. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent ? outgoing : undefined;
}

export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = nodeResponse(c);
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}
