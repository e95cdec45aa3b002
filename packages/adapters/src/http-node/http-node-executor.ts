/**
 * The `http` node: renders the URL, headers and body templates, sends the request through the egress
 * guard and outputs `{status, headers, body, url}` (`body` parsed when the response is JSON, else text).
 *
 * Errors: blocked targets, oversized responses, too many redirects, 4xx and bad configuration are final;
 * timeouts, 429, 5xx and connection resets throw RetryableNodeError so the engine's retry policy applies.
 * A stopped run (context.signal) aborts the socket at once and rethrows the abort reason.
 */
import {
  type GraphNode,
  httpNodeIssues,
  type NodeContext,
  type NodeExecutor,
  RetryableNodeError,
  readHttpNodeConfig,
  renderTemplate,
  renderTemplateValue,
} from '@diatonic/core/workbench/nodes';
import { EgressBlockedError, RequestTimeoutError } from './egress-errors.ts';
import { type EgressGuardOptions, type GuardedResponse, guardedRequest } from './guarded-request.ts';

export interface HttpNodeExecutorOptions extends EgressGuardOptions {
  /**
   * The agent-level host allow-list (agent setting `allowedHosts`), if the engine keeps one. When it
   * returns a list, targets must match it as well as the node's own `data.allowedHosts`.
   */
  agentAllowedHosts?: (context: NodeContext) => readonly string[] | undefined | Promise<readonly string[] | undefined>;
}

const retryableSocketErrors = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const textTypes = /^(text\/|application\/(?:[\w.-]+\+)?(?:json|xml|javascript|x-www-form-urlencoded|yaml)\b)/i;

/**
 * JSON content types are parsed; text types (and responses without a type) are decoded as UTF-8;
 * anything else (images, PDFs, archives) comes back as `{ base64, contentType }` so no bytes are
 * mangled by a text decoding.
 */
function parseBody(response: GuardedResponse): unknown {
  const type = String(response.headers['content-type'] ?? '');
  if (type !== '' && !textTypes.test(type)) {
    return { base64: response.body.toString('base64'), contentType: type };
  }
  const text = response.body.toString('utf8');
  if (/[/+]json\b/i.test(type) && text !== '') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function renderRequestBody(body: unknown, context: NodeContext, missing: string[]): { text?: string; json: boolean } {
  if (body === undefined || body === null) return { json: false };
  if (typeof body === 'string') {
    const rendered = renderTemplate(body, context);
    missing.push(...rendered.missing);
    return { text: rendered.text, json: false };
  }
  return { text: JSON.stringify(renderTemplateValue(body, context, missing)), json: true };
}

export function createHttpNodeExecutor(options: HttpNodeExecutorOptions = {}): NodeExecutor {
  return {
    type: 'http',
    validate: (node: GraphNode) => httpNodeIssues(node),
    async execute(context) {
      const config = readHttpNodeConfig(context.node);
      const rendered = renderTemplate(config.url, context);
      const url = rendered.text;
      const missing = [...rendered.missing];
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(config.headers)) {
        const header = renderTemplate(value, context);
        missing.push(...header.missing);
        // A substituted value must not smuggle a second header line in.
        if (/[\r\n\0]/.test(header.text))
          throw new Error(`The header ${name} contains a line break after substitution`);
        headers[name] = header.text;
      }
      const body = renderRequestBody(config.body, context, missing);
      if (missing.length > 0) {
        context.log({ level: 'warn', message: `Template references with no value: ${missing.join(', ')}` });
      }
      if (body.json && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
      const allowedHosts: (readonly string[])[] = [];
      if (config.allowedHosts) allowedHosts.push(config.allowedHosts);
      const agentHosts = await options.agentAllowedHosts?.(context);
      if (agentHosts) allowedHosts.push(agentHosts);

      const started = Date.now();
      let response: GuardedResponse;
      try {
        response = await guardedRequest(
          {
            method: config.method,
            url,
            headers,
            body: body.text,
            allowedHosts,
            timeoutMs: config.timeoutMs,
            maxResponseBytes: config.maxResponseBytes,
            signal: context.signal,
          },
          options,
        );
      } catch (error) {
        if (context.signal.aborted) throw error;
        if (error instanceof EgressBlockedError) {
          context.log({ level: 'warn', message: error.message });
          throw error;
        }
        if (error instanceof RequestTimeoutError) throw new RetryableNodeError(error.message, { cause: error });
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && retryableSocketErrors.has(code)) {
          throw new RetryableNodeError(`${config.method} ${safeOrigin(url)} failed: ${code}`, { cause: error });
        }
        throw error;
      }

      const durationMs = Date.now() - started;
      context.log({
        level: response.status >= 400 ? 'warn' : 'info',
        message: `${config.method} ${safeOrigin(response.url)} → ${response.status}`,
        data: { durationMs, bytes: response.body.length, redirects: response.redirects },
      });
      if (response.status === 429 || response.status >= 500) {
        throw new RetryableNodeError(`${safeOrigin(response.url)} answered ${response.status}`);
      }
      if (response.status >= 400) {
        throw new Error(`${safeOrigin(response.url)} answered ${response.status}`);
      }
      return {
        output: { status: response.status, headers: response.headers, body: parseBody(response), url: response.url },
      };
    },
  };
}

/** Origin and path only: query strings often carry keys, and logs are shown to the whole team. */
function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the URL';
  }
}
