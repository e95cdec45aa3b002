/**
 * The request frame: what every request gets, whatever answers it, done around the app's `fetch` rather
 * than as Hono middleware. Before routing it picks the request id and (on the Node server) puts the id
 * and the security headers onto the ServerResponse; once the Response exists it adds them to Responses
 * that lack them (Lambda, in-process `app.request`) and writes the access line.
 *
 * Why not middleware: each Hono middleware is one more async dispatch and promise hop per request. As a
 * frame the same work cost ~1.5 µs less per `GET /api/platform` (~29.5 against ~31 µs, in process through
 * @hono/node-server's listener); the work itself (headers, id, log line) is what remains. Routes read the
 * id with `requestIdOf(c)`: the frame hands it to Hono in the request's bindings (`c.env`).
 */
import type { Ids } from '@diatonic/core';
import type { Context, ExecutionContext } from 'hono';
import { getPath } from 'hono/utils/url';
import type { AppEnv, Logger, RequestBindings } from './app-env.ts';
import { headerOf } from './request-header.ts';
import { pickRequestId } from './request-id.ts';
import { accessLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';

/** `app.fetch` of any Hono app: the bindings are the entry's (Node, Lambda) or the caller's. */
export type Fetch = (request: Request, env?: object, executionCtx?: ExecutionContext) => Response | Promise<Response>;

export function withRequestFrame(fetch: Fetch, { ids, logger }: { ids: Ids; logger: Logger }): Fetch {
  const log = accessLog(logger);
  return (request, env, executionCtx) => {
    const started = performance.now();
    const entryBindings = env as RequestBindings | undefined;
    const outgoing =
      entryBindings?.outgoing && !entryBindings.outgoing.headersSent ? entryBindings.outgoing : undefined;
    const requestId = pickRequestId(headerOf(request, entryBindings, 'x-request-id'), ids);
    if (outgoing) {
      // @hono/node-server merges these into whatever it writes: JSON, errors, raw Responses, files.
      outgoing.setHeader('x-request-id', requestId);
      for (const [name, value] of securityHeaders) outgoing.setHeader(name, value);
    }
    const method = request.method;
    const finish = (response: Response): Response => {
      log({ method, path: getPath(request), status: response.status, ms: msSince(started), requestId });
      return outgoing ? response : withFrameHeaders(response, requestId);
    };
    const fail = (error: unknown): never => {
      log({ method, path: getPath(request), status: 500, ms: msSince(started), requestId });
      throw error;
    };
    try {
      // The Node server's bindings are made for this request alone (@hono/node-server), so they carry the id
      // themselves (a copy cost ~1.5 µs per request, measured); any others may be shared, so are copied.
      const bindings = outgoing
        ? Object.assign(entryBindings as RequestBindings, { requestId })
        : { ...env, requestId };
      const result = fetch(request, bindings, executionCtx);
      return result instanceof Promise ? result.then(finish, fail) : finish(result);
    } catch (error) {
      return fail(error);
    }
  };
}

/** The id the frame gave this request ('unknown' only for an app driven without the frame). */
export function requestIdOf(c: Context<AppEnv>): string {
  return (c.env as RequestBindings | undefined)?.requestId ?? 'unknown';
}

const msSince = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/** A route's own value for one of these headers wins, as it does on the Node server. */
function withFrameHeaders(response: Response, requestId: string): Response {
  let out = response;
  try {
    setMissing(out.headers, requestId);
  } catch {
    // Immutable headers (a Response passed through from fetch): copy it once.
    out = new Response(response.body, response);
    setMissing(out.headers, requestId);
  }
  return out;
}

function setMissing(headers: Headers, requestId: string): void {
  if (!headers.has('x-request-id')) headers.set('x-request-id', requestId);
  for (const [name, value] of securityHeaders) if (!headers.has(name)) headers.set(name, value);
}
