/**
 * Uploads through the real Node server over real sockets, with its in-process workers: a file far
 * above the JSON body limit streams to the signed URL (Node's IncomingMessage, not an in-memory
 * Request), is processed by the worker, and a chunked body beyond the signed size is cut off with 413.
 */
import { sampleMp4 } from '@diatonic/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, type Json, strongPassword } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { moduleOwnerFor } from '../../test/test-upload-owner.ts';
import { type RunningServer, startNodeServer } from '../entry/node-server.ts';

let platform: TempPlatform;
let server: RunningServer;
let token: string;
let orgId: string;
let moduleId: string;

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(orgId ? { 'x-organization-id': orgId } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  platform = await startTempPlatform({ env: { PORT: '0', RATE_LIMIT_REQUESTS: '0' } });
  server = await startNodeServer(platform.deps, platform.app);
  const signedUp = await expectJson<{ accessToken: string }>(
    await api('POST', '/api/auth/signup', {
      email: 'socket-uploader@example.com',
      password: strongPassword,
      name: 'Up',
    }),
    201,
  );
  token = signedUp.accessToken;
  orgId = (await expectJson<{ id: string }>(await api('POST', '/api/orgs', { name: 'Socket uploads' }), 201)).id;
  const modules = moduleOwnerFor(platform.deps, (method, path, o) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${o.token}`, 'x-organization-id': o.orgId, 'content-type': 'application/json' },
      body: JSON.stringify(o.body),
    }),
  );
  moduleId = await modules.create(orgId, token);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await platform?.close();
});

describe('uploads on the Node server', () => {
  it('streams a 3 MB video past the 1 MiB JSON limit and processes it in the worker', async () => {
    const video = sampleMp4(95, { mediaBytesBefore: 3 * 1024 * 1024 });
    const ticket = await expectJson<Json>(
      await api('POST', `/api/education/modules/${moduleId}/upload`, {
        fileName: 'lecture.mp4',
        contentType: 'video/mp4',
        sizeBytes: video.length,
        purpose: 'section-asset',
      }),
      201,
    );
    const put = await fetch(`${server.url}${ticket.uploadUrl}`, {
      method: 'PUT',
      headers: ticket.headers,
      body: video as Uint8Array<ArrayBuffer>,
    });
    expect(put.status, await put.clone().text()).toBe(204);
    expect(
      (await expectJson<Json>(await api('POST', `/api/education/uploads/${ticket.uploadId}/complete`), 200)).status,
    ).toBe('processing');
    let view: Json;
    for (let i = 0; i < 100; i++) {
      view = await expectJson<Json>(await api('GET', `/api/education/uploads/${ticket.uploadId}`), 200);
      if (view.status !== 'processing') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(view).toMatchObject({ status: 'ready', asset: { metadata: { durationSeconds: 95 }, thumbnailKey: null } });
    expect(view.asset.key).toMatch(new RegExp(`/modules/${moduleId}/videos/${ticket.uploadId}\\.mp4$`));
    const download = await fetch(`${server.url}${view.asset.downloadUrl}`);
    expect(download.headers.get('content-length')).toBe(String(video.length));
    // The route's own framing rule wins over the server-wide DENY, on real sockets too.
    expect(download.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect((await download.arrayBuffer()).byteLength).toBe(video.length);
  });

  it('cuts off a chunked body that grows past the signed size (413) and keeps nothing', async () => {
    const ticket = await expectJson<Json>(
      await api('POST', `/api/education/modules/${moduleId}/upload`, {
        fileName: 'small.mp4',
        contentType: 'video/mp4',
        sizeBytes: 1000,
        purpose: 'section-asset',
      }),
      201,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        if (sent > 2 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await fetch(`${server.url}${ticket.uploadUrl}`, {
      method: 'PUT',
      headers: ticket.headers,
      body,
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
    // The server may answer 413 before the client finished sending, or close the connection.
    if (res instanceof Response) expect(res.status).toBe(413);
    expect(await platform.deps.blobStore.head(`uploads/temp/${orgId}/${ticket.uploadId}`)).toBeUndefined();
  });
});
