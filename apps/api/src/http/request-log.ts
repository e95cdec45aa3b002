/**
 * The access log: one line per request with method, path (never the query string, which can carry
 * tokens), status, duration and request id. Bodies and headers are never logged, and neither is a
 * credential that travels in the path (the webhook trigger's secret). The request frame writes it.
 */
import { type InfoLineWriter, infoLineWriter } from '../logger.ts';
import type { Logger } from './app-env.ts';

// A type, not an interface: it is passed where a plain record of fields is expected.
export type AccessLine = {
  method: string;
  path: string;
  status: number;
  ms: number;
  requestId: string;
};

export function accessLog(logger: Logger): (line: AccessLine) => void {
  const info: InfoLineWriter = infoLineWriter(logger);
  return (line) => {
    line.path = redactPath(line.path);
    if (line.status >= 500) logger.error(line, 'request');
    else info(line, 'request');
  };
}

/** `/api/hooks/{agentId}/{secret}`: the secret is the webhook's only credential; the agent id stays. */
export function redactPath(path: string): string {
  return path.startsWith('/api/hooks/') ? path.replace(/^(\/api\/hooks\/[^/]+\/)[^/]+/, '$1[redacted]') : path;
}
