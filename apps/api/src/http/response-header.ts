/**
 * Response headers set by middleware before the handler runs. On the Node server they go straight onto
 * the ServerResponse: @hono/node-server merges them into whatever response it writes (JSON, errors, raw
 * Responses and static files alike), and no Web `Headers` object has to be built per request, which
 * costs more than the rest of a small JSON route. Elsewhere (Lambda, in-process `app.request`) they go
 * through Hono's `c.header`.
 */
import type { Context } from 'hono';
import type { RequestBindings } from './app-env.ts';

export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as RequestBindings | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
