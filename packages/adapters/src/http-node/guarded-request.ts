/**
 * One outbound HTTP request that can only reach public addresses (anchors-perf-reliability §3.3).
 *
 * Per hop: the URL policy (scheme, credentials, local names, IP literals, allow-lists, port) → resolve
 * the name ourselves → every resolved address must be public → connect to that vetted address: the
 * socket's `lookup` is pinned to it, so no second DNS answer (DNS rebinding) can change where the
 * connection goes. Redirects are followed by hand (at most 5), each hop checked again from scratch.
 * Credentials-bearing headers are dropped when a redirect leaves the origin. The body is read up to
 * `maxResponseBytes` and the connection destroyed past it; one deadline covers every hop.
 */
import type { LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressBlockReason, checkTargetUrl, httpNodeLimits, ipVersion } from '@diatonic/core/workbench/nodes';
import {
  EgressBlockedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  TooManyRedirectsError,
} from './egress-errors.ts';
import { type ResolveHost, resolveHostWithSystemDns } from './resolve-host.ts';

export interface EgressGuardOptions {
  /** Name resolution; the system resolver by default. Tests inject one. */
  resolve?: ResolveHost;
  /**
   * Lets a specific address (and port) through although it is not public or not on 80/443. For tests
   * against a local server and for an operator's explicit exception; never derived from user input.
   */
  allowAddress?: (address: string, port: number) => boolean;
  /**
   * PEM certificates trusted for https instead of the system store: for tests with a self-signed
   * server, or an operator's private CA. Certificates are always verified against the host name.
   */
  tlsCa?: string | Buffer;
}

export interface GuardedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Allow-lists in force (node, agent); the target must match each. */
  allowedHosts?: readonly (readonly string[])[];
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface GuardedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
  /** The address connected to for that answer. */
  address: string;
  redirects: number;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const credentialHeaders = new Set(['authorization', 'cookie', 'proxy-authorization']);

function pinnedLookup(address: string): LookupFunction {
  const family = ipVersion(address) ?? 4;
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family } satisfies LookupAddress]);
    else callback(null, address, family);
  }) as LookupFunction;
}

function abortReason(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const error = new Error('The request was aborted');
  error.name = 'AbortError';
  return error;
}

async function vetTarget(
  target: string,
  request: GuardedRequest,
  options: EgressGuardOptions,
  signal: AbortSignal,
): Promise<{ url: URL; hostname: string; port: number; address: string }> {
  const check = checkTargetUrl(target, { allowedHosts: request.allowedHosts });
  if (!check.ok) throw new EgressBlockedError(`Blocked ${describe(target)}: ${check.reason}`);
  const { url, hostname, port } = check;

  let addresses: string[];
  if (check.literal) {
    addresses = [hostname];
  } else {
    const resolve = options.resolve ?? resolveHostWithSystemDns;
    addresses = await raceAbort(resolve(hostname), signal);
    if (addresses.length === 0) throw new EgressBlockedError(`Blocked ${url.origin}: ${hostname} has no address`);
  }
  for (const address of addresses) {
    const allowed = options.allowAddress?.(address, port) ?? false;
    const reason = address.includes('%') ? 'a scoped (link-local) address' : addressBlockReason(address);
    if (reason && !allowed) {
      // The address itself stays out of the message (run logs are visible to the tenant; no mapping of
      // internal DNS through error texts), only its category.
      throw new EgressBlockedError(`Blocked ${url.origin}: ${hostname} resolves to a non-public address: ${reason}`);
    }
    if (!check.portAllowed && !allowed) {
      throw new EgressBlockedError(
        `Blocked ${url.origin}: port ${port} is not allowed (80 and 443 are; add host:port to the allowed hosts)`,
      );
    }
  }
  return { url, hostname, port, address: addresses[0] as string };
}

function describe(target: string): string {
  try {
    return new URL(target).origin;
  } catch {
    return 'the URL';
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

interface HopResult {
  response: IncomingMessage;
  body: Buffer | undefined;
}

function sendHop(
  target: { url: URL; hostname: string; port: number; address: string },
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  maxResponseBytes: number,
  signal: AbortSignal,
  tlsCa: string | Buffer | undefined,
): Promise<HopResult> {
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise<HopResult>((resolve, reject) => {
    const request = transport.request({
      method,
      hostname: target.hostname,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      headers: {
        'user-agent': 'DiatonicWorkbench/1.0',
        'accept-encoding': 'identity',
        ...headers,
        ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
      },
      agent: false,
      lookup: pinnedLookup(target.address),
      ...(ipVersion(target.hostname) ? {} : { servername: target.hostname }),
      ...(tlsCa === undefined ? {} : { ca: tlsCa }),
      signal,
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (redirectStatuses.has(status) && response.headers.location) {
        response.destroy();
        resolve({ response, body: undefined });
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        request.destroy();
        reject(new ResponseTooLargeError(`The response is ${declared} bytes; the limit is ${maxResponseBytes}`));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxResponseBytes) {
          request.destroy();
          reject(new ResponseTooLargeError(`The response is larger than ${maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }));
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('The server closed the connection mid-response')));
    });
    request.end(body);
  });
}

/** Sends the request through the egress guard; see the file comment for what is checked. */
export async function guardedRequest(
  request: GuardedRequest,
  options: EgressGuardOptions = {},
): Promise<GuardedResponse> {
  const maxRedirects = request.maxRedirects ?? httpNodeLimits.maxRedirects;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new RequestTimeoutError(`The request took longer than ${request.timeoutMs} ms`)),
    request.timeoutMs,
  );
  const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;

  let method = request.method.toUpperCase();
  let headers = { ...request.headers };
  let body = request.body;
  let target = request.url;
  try {
    for (let redirects = 0; ; redirects++) {
      const vetted = await vetTarget(target, request, options, signal);
      const { response, body: payload } = await sendHop(
        vetted,
        method,
        headers,
        body,
        request.maxResponseBytes,
        signal,
        options.tlsCa,
      );
      const status = response.statusCode ?? 0;
      if (payload) {
        return {
          status,
          headers: response.headers,
          body: payload,
          url: vetted.url.toString(),
          address: vetted.address,
          redirects,
        };
      }
      if (redirects >= maxRedirects) throw new TooManyRedirectsError(`More than ${maxRedirects} redirects`);
      const next = new URL(response.headers.location as string, vetted.url);
      if (next.origin !== vetted.url.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !credentialHeaders.has(name.toLowerCase())),
        );
      }
      // 303, and 301/302 after a POST, continue as GET without a body (what browsers and fetch do).
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
      }
      target = next.toString();
    }
  } catch (error) {
    // Name which of the two signals ended the request: the deadline (retryable) or the caller (stop).
    if (request.signal?.aborted) throw abortReason(request.signal);
    if (deadline.signal.aborted) throw deadline.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
