/**
 * The caller's IP address, whatever runs the app: the socket on the Node server, the request context
 * of an API Gateway v1/v2 event on Lambda. `X-Forwarded-For` counts only behind a trusted proxy;
 * otherwise any client could pick its own rate-limit key.
 */
import type { Context } from 'hono';
import { requestHeader } from './request-header.ts';

interface MaybeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
  event?: { requestContext?: { identity?: { sourceIp?: string }; http?: { sourceIp?: string } } };
}

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = requestHeader(c, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const env = (c.env ?? {}) as MaybeBindings;
  return (
    env.incoming?.socket?.remoteAddress ??
    env.event?.requestContext?.http?.sourceIp ??
    env.event?.requestContext?.identity?.sourceIp ??
    'unknown'
  );
}
