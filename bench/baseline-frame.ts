/**
 * The part of the work every platform answer carries, done the bare way, so the baseline does the same
 * work as the platform and the ratio measures what the framework and the pipeline cost, not what the
 * answer must contain. Every platform response has an `x-request-id` and the security headers; every
 * rate-limited route has the four `RateLimit-*` headers and counts the request against the caller's
 * window; every request writes one access line. The baseline does each of these in plain `node:http`:
 * one flat header array to `writeHead`, a `Map` of counters, and the platform's own access line (same
 * line writer, same fields, same level).
 *
 * What it shares with the platform is data and formatting (the header list, the id generator, the
 * limited paths, the log line writer), never the platform's request pipeline: it has no router, no
 * middleware, no Web Request or Response. The pre-flight (run.ts) checks that both servers send the
 * same header names, so the two cannot drift apart.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createIds } from '@diatonic/core';
import type { LogLevel } from '../apps/api/src/config.ts';
import { pickRequestId } from '../apps/api/src/http/request-id.ts';
import { redactPath } from '../apps/api/src/http/request-log.ts';
import { securityHeaders } from '../apps/api/src/http/security-headers.ts';
import { isUnlimitedPath } from '../apps/api/src/http/unlimited-paths.ts';
import { createLogger, type InfoLineWriter, infoLineWriter } from '../apps/api/src/logger.ts';

interface Frame {
  method: string;
  path: string;
  requestId: string;
  started: number;
  /** Name, value, … for `writeHead`: the id, the security headers and the rate-limit headers. */
  headers: string[];
}

interface RateWindow {
  start: number;
  used: number;
}

// On the response itself: a WeakMap of short-lived keys costs the garbage collector (ephemerons).
const frameKey = Symbol('baseline frame');
type FramedResponse = ServerResponse & { [frameKey]?: Frame };
const ids = createIds();
const securityHeaderList = securityHeaders.flat();
interface Settings {
  writeAccessLine: InfoLineWriter;
  limitRequests: number;
  limitWindowSeconds: number;
  limitPolicy: string;
  limitHeader: string;
}

let settings: Settings | undefined;

/** The platform's settings for the run (run.ts passes both servers the same values); read on first use,
 * because the harness imports the scenarios (and so this module) without them. */
function settingsOnce(): Settings {
  if (settings) return settings;
  const { LOG_LEVEL, RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW_SECONDS } = process.env;
  if (!LOG_LEVEL || !RATE_LIMIT_REQUESTS || !RATE_LIMIT_WINDOW_SECONDS) {
    throw new Error(
      'the baseline needs LOG_LEVEL, RATE_LIMIT_REQUESTS and RATE_LIMIT_WINDOW_SECONDS (run.ts sets them)',
    );
  }
  const limitRequests = Number(RATE_LIMIT_REQUESTS);
  const limitWindowSeconds = Number(RATE_LIMIT_WINDOW_SECONDS);
  settings = {
    writeAccessLine: infoLineWriter(createLogger(LOG_LEVEL as LogLevel)),
    limitRequests,
    limitWindowSeconds,
    limitPolicy: `${limitRequests};w=${limitWindowSeconds}`,
    limitHeader: String(limitRequests),
  };
  return settings;
}
const windows = new Map<string, RateWindow>();

/** Opens the frame of one request; `sendJson` closes it. */
export function openFrame(request: IncomingMessage, response: ServerResponse): void {
  const started = performance.now();
  const incomingId = request.headers['x-request-id'];
  const requestId = pickRequestId(typeof incomingId === 'string' ? incomingId : undefined, ids);
  const path = pathOf(request.url ?? '/');
  const headers = ['x-request-id', requestId, ...securityHeaderList];
  const { limitRequests } = settingsOnce();
  if (limitRequests > 0 && !isUnlimitedPath(path)) countRequest(request, headers);
  (response as FramedResponse)[frameKey] = { method: request.method ?? 'GET', path, requestId, started, headers };
}

/** Answers JSON with the frame's headers and writes the access line. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const frame = (response as FramedResponse)[frameKey];
  const headers = frame ? frame.headers : [];
  headers.push('content-type', 'application/json', 'content-length', String(Buffer.byteLength(text)));
  response.writeHead(status, headers);
  response.end(text);
  if (frame) {
    const ms = Math.round((performance.now() - frame.started) * 10) / 10;
    settingsOnce().writeAccessLine(
      { method: frame.method, path: redactPath(frame.path), status, ms, requestId: frame.requestId },
      'request',
    );
  }
}

/** Fixed window per caller (token or address), as the platform's limiter keys by user or IP. */
function countRequest(request: IncomingMessage, headers: string[]): void {
  const { limitRequests, limitWindowSeconds, limitPolicy, limitHeader } = settingsOnce();
  const nowSeconds = Date.now() / 1000;
  const start = Math.floor(nowSeconds / limitWindowSeconds) * limitWindowSeconds;
  const key = request.headers.authorization ?? request.socket.remoteAddress ?? '';
  let window = windows.get(key);
  if (!window || window.start !== start) {
    window = { start, used: 0 };
    windows.set(key, window);
  }
  window.used++;
  const reset = Math.max(1, Math.ceil(start + limitWindowSeconds - nowSeconds));
  headers.push(
    'ratelimit-policy',
    limitPolicy,
    'ratelimit-limit',
    limitHeader,
    'ratelimit-reset',
    String(reset),
    'ratelimit-remaining',
    String(Math.max(0, limitRequests - window.used)),
  );
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
