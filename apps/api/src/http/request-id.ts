/**
 * Which id a request carries: a sane incoming `x-request-id` (from a proxy or the caller) is kept so logs
 * join up across services; anything else is replaced by a fresh `req_…` id. The request frame applies it.
 */
import type { Ids } from '@diatonic/core';

const saneId = /^[A-Za-z0-9._:-]{8,128}$/;

export function pickRequestId(incoming: string | null | undefined, ids: Ids): string {
  return incoming && saneId.test(incoming) ? incoming : ids.next('req');
}
