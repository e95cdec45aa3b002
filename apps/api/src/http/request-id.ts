/**
 * Gives every request an id: a sane incoming `x-request-id` (from a proxy or the caller) is kept so
 * logs join up across services; anything else is replaced by a fresh `req_…` id.
 */
import type { Ids } from '@diatonic/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { requestHeader } from './request-header.ts';
import { nodeResponse } from './response-header.ts';

const saneId = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestId(ids: Ids): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const incoming = requestHeader(c, 'x-request-id');
    const id = incoming && saneId.test(incoming) ? incoming : ids.next('req');
    c.set('requestId', id);
    const outgoing = nodeResponse(c);
    if (outgoing) {
      // The Node server writes it into every response, raw ones included: nothing left to do after.
      outgoing.setHeader('x-request-id', id);
      return next();
    }
    // Set before the handler runs so every c.json/c.body response picks it up for free.
    c.header('x-request-id', id);
    return next().then(() => {
      // Raw Response objects (static files, streams) do not inherit prepared headers.
      if (!c.res.headers.has('x-request-id')) c.header('x-request-id', id);
    });
  };
}
