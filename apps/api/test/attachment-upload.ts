/**
 * Test support: a member's post attachment through the real upload pipeline over HTTP — ask for an
 * upload URL (`POST /api/community/attachments`), PUT the bytes, complete, and wait for the workers.
 */
import { expect } from 'vitest';
import { type Call, type CallOptions, expectJson, type Json } from './identity-client.ts';
import type { TempPlatform } from './temp-platform.ts';

export interface AttachmentTicket {
  uploadId: string;
  uploadUrl: string;
  headers: Record<string, string>;
}

/** Who asks: a bearer token and the organisation (X-Organization-Id). */
export type As = Pick<CallOptions, 'token' | 'orgId'>;

export async function requestAttachment(
  call: Call,
  as: As,
  bytes: Uint8Array,
  fileName: string,
  contentType: string,
): Promise<AttachmentTicket> {
  return expectJson<AttachmentTicket>(
    await call('POST', '/api/community/attachments', {
      ...as,
      body: { fileName, contentType, sizeBytes: bytes.length },
    }),
    201,
  );
}

/** Polls the upload until the pipeline has finished with it (ready or rejected): its final view. */
export async function settledUpload(call: Call, as: As, uploadId: string): Promise<Json> {
  for (let i = 0; i < 300; i++) {
    const view = await expectJson<Json>(await call('GET', `/api/education/uploads/${uploadId}`, as), 200);
    if (view.status === 'ready' || view.status === 'rejected') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`upload ${uploadId} never finished processing`);
}

/** Request, PUT, complete and wait: the upload's final view. */
export async function uploadAttachment(
  platform: Pick<TempPlatform, 'app'>,
  call: Call,
  as: As,
  bytes: Uint8Array,
  fileName = 'diagram.png',
  contentType = 'image/png',
): Promise<Json> {
  const ticket = await requestAttachment(call, as, bytes, fileName, contentType);
  const put = await platform.app.request(ticket.uploadUrl, {
    method: 'PUT',
    headers: ticket.headers,
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  expect(put.status).toBe(204);
  await expectJson(await call('POST', `/api/education/uploads/${ticket.uploadId}/complete`, as), 200);
  return settledUpload(call, as, ticket.uploadId);
}
