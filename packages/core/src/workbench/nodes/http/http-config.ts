/**
 * The `http` node's `data`, validated on save and read again before each execution:
 *
 *   method            GET | POST | PUT | PATCH | DELETE | HEAD (default GET)
 *   url               template ({{input}}, {{nodes.<id>.output}}, {{vars.<name>}}); http(s) only
 *   headers           { name: template }, optional; hop-by-hop and Host headers are refused
 *   body              template string, or a JSON value whose string leaves are templates; not on GET/HEAD
 *   timeoutMs         whole request including redirects, 1–120000 (default 30000)
 *   maxResponseBytes  1–1048576 (default 65536; the engine keeps at most 100 000 characters of a step's output)
 *   allowedHosts      host allow-list for this node (see url-policy.ts); the agent may set one too
 */
import type { GraphNode, NodeConfigIssue } from '../../node-executor.ts';
import { templateIssues } from '../../template.ts';
import { isValidHostEntry } from './url-policy.ts';

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export const httpNodeLimits = {
  defaultTimeoutMs: 30_000,
  maxTimeoutMs: 120_000,
  // The body becomes the step's output, which the engine stores in one item (≤ 100 000 JSON characters).
  defaultMaxResponseBytes: 64 * 1024,
  maxResponseBytes: 1024 * 1024,
  maxRedirects: 5,
  maxUrlLength: 8_192,
  maxHeaders: 50,
  maxAllowedHosts: 100,
};

/** Headers the caller may not set: the transport owns them (Host would also defeat host checks). */
export const forbiddenRequestHeaders = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

export interface HttpNodeConfig {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  maxResponseBytes: number;
  allowedHosts: string[] | undefined;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function httpNodeIssues(node: GraphNode): NodeConfigIssue[] {
  const issues: NodeConfigIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ nodeId: node.id, field, message });
  const data = node.data;

  const method = data.method ?? 'GET';
  if (typeof method !== 'string' || !httpMethods.includes(method.toUpperCase() as HttpMethod)) {
    issue('method', `Choose one of ${httpMethods.join(', ')}`);
  }

  if (typeof data.url !== 'string' || data.url.trim() === '') {
    issue('url', 'Enter the URL to call');
  } else if (data.url.length > httpNodeLimits.maxUrlLength) {
    issue('url', `The URL is longer than ${httpNodeLimits.maxUrlLength} characters`);
  } else {
    for (const message of templateIssues(data.url)) issue('url', message);
    // A URL without placeholders can be checked for scheme and form now; the address is checked per call.
    if (!data.url.includes('{{')) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(data.url);
      } catch {
        issue('url', 'The URL is not valid');
      }
      if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        issue('url', 'Use an http or https URL');
    }
  }

  if (data.headers !== undefined) {
    if (data.headers === null || typeof data.headers !== 'object' || Array.isArray(data.headers)) {
      issue('headers', 'Headers are a list of names and values');
    } else {
      const entries = Object.entries(data.headers);
      if (entries.length > httpNodeLimits.maxHeaders) issue('headers', `At most ${httpNodeLimits.maxHeaders} headers`);
      for (const [name, value] of entries) {
        if (!headerName.test(name)) issue(`headers.${name}`, `"${name}" is not a valid header name`);
        else if (forbiddenRequestHeaders.has(name.toLowerCase()))
          issue(`headers.${name}`, `${name} is set by the platform`);
        if (typeof value !== 'string') issue(`headers.${name}`, 'A header value is text');
        else if (/[\r\n\0]/.test(value)) issue(`headers.${name}`, 'A header value cannot contain line breaks');
        else for (const message of templateIssues(value)) issue(`headers.${name}`, message);
      }
    }
  }

  if (data.body !== undefined && data.body !== null && data.body !== '') {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    if (upper === 'GET' || upper === 'HEAD') issue('body', `A ${upper} request has no body`);
    if (typeof data.body === 'string') for (const message of templateIssues(data.body)) issue('body', message);
  }

  if (data.timeoutMs !== undefined && !integerIn(data.timeoutMs, 1, httpNodeLimits.maxTimeoutMs)) {
    issue('timeoutMs', `A whole number of milliseconds from 1 to ${httpNodeLimits.maxTimeoutMs}`);
  }
  if (data.maxResponseBytes !== undefined && !integerIn(data.maxResponseBytes, 1, httpNodeLimits.maxResponseBytes)) {
    issue('maxResponseBytes', `A whole number of bytes from 1 to ${httpNodeLimits.maxResponseBytes}`);
  }

  if (data.allowedHosts !== undefined) {
    if (!Array.isArray(data.allowedHosts) || data.allowedHosts.length > httpNodeLimits.maxAllowedHosts) {
      issue('allowedHosts', `A list of at most ${httpNodeLimits.maxAllowedHosts} host names`);
    } else {
      for (const entry of data.allowedHosts) {
        if (typeof entry !== 'string' || !isValidHostEntry(entry)) {
          issue(
            'allowedHosts',
            `"${String(entry)}" is not a host name (examples: api.example.com, *.example.com:8443)`,
          );
        }
      }
    }
  }
  return issues;
}

/** Reads validated data with defaults; throws when the data is not valid (the engine validated it on save). */
export function readHttpNodeConfig(node: GraphNode): HttpNodeConfig {
  const issues = httpNodeIssues(node);
  if (issues.length > 0) {
    throw new Error(
      `The http node ${node.id} is not configured correctly: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    );
  }
  const data = node.data;
  return {
    method: ((data.method as string | undefined) ?? 'GET').toUpperCase() as HttpMethod,
    url: data.url as string,
    headers: (data.headers as Record<string, string> | undefined) ?? {},
    body: data.body === '' ? undefined : (data.body ?? undefined),
    timeoutMs: (data.timeoutMs as number | undefined) ?? httpNodeLimits.defaultTimeoutMs,
    maxResponseBytes: (data.maxResponseBytes as number | undefined) ?? httpNodeLimits.defaultMaxResponseBytes,
    allowedHosts: data.allowedHosts as string[] | undefined,
  };
}
