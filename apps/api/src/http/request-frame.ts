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
import type { ServerResponse } from 'node:http';
import type { Ids } from '@diatonic/core';
import type { Context, ExecutionContext } from 'hono';
import { getPath } from 'hono/utils/url';
import type { AppEnv, Logger, RequestBindings } from './app-env.ts';
import { FramedServerResponse } from './framed-response.ts';
import { headerOf } from './request-header.ts';
import { pickRequestId } from './request-id.ts';
import { type AccessLine, accessLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';

// Name, value, name, value…: indexed, so no iterator per request.
const securityHeaderList = securityHeaders.flat();

/** `app.fetch` of any Hono app: the bindings are the entry's (Node, Lambda) or the caller's. */
export type Fetch = (request: Request, env?: object, executionCtx?: ExecutionContext) => Response | Promise<Response>;

export function withRequestFrame(fetch: Fetch, { ids, logger }: { ids: Ids; logger: Logger }): Fetch {
  const log = accessLog(logger);
  return (request, env, executionCtx) => {
    const started = performance.now();
    const entryBindings = env as RequestBindings | undefined;
    // The Node server's response (node-server.ts always passes this class); elsewhere the Response gets them.
    const outgoing =
      entryBindings?.outgoing instanceof FramedServerResponse && !entryBindings.outgoing.headersSent
        ? entryBindings.outgoing
        : undefined;
    const requestId = pickRequestId(headerOf(request, entryBindings, 'x-request-id'), ids);
    // Written with whatever @hono/node-server writes (JSON, errors, raw Responses, files) in one list.
    outgoing?.setFrameHeaders(['x-request-id', requestId, ...securityHeaderList]);
    const method = request.method;
    // No named closures per request: under tsx (`npm start`) each one costs a `__name` call (keepNames).
    try {
      // The Node server's bindings are made for this request alone (@hono/node-server), so they carry the id
      // themselves (a copy cost ~1.5 µs per request, measured); any others may be shared, so are copied.
      let bindings: RequestBindings;
      if (outgoing) {
        bindings = entryBindings as RequestBindings;
        bindings.requestId = requestId;
      } else {
        bindings = { ...env, requestId };
      }
      const result = fetch(request, bindings, executionCtx);
      return result instanceof Promise
        ? result.then(
            (response) => finishFrame(log, request, method, started, requestId, outgoing, response),
            (error: unknown) => failFrame(log, request, method, started, requestId, error),
          )
        : finishFrame(log, request, method, started, requestId, outgoing, result);
    } catch (error) {
      return failFrame(log, request, method, started, requestId, error);
    }
  };
}

function finishFrame(
  log: (line: AccessLine) => void,
  request: Request,
  method: string,
  started: number,
  requestId: string,
  outgoing: ServerResponse | undefined,
  response: Response,
): Response {
  log({ method, path: getPath(request), status: response.status, ms: msSince(started), requestId });
  return outgoing ? response : withFrameHeaders(response, requestId);
}

function failFrame(
  log: (line: AccessLine) => void,
  request: Request,
  method: string,
  started: number,
  requestId: string,
  error: unknown,
): never {
  log({ method, path: getPath(request), status: 500, ms: msSince(started), requestId });
  throw error;
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
