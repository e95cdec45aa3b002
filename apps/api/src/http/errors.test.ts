import { ApiErrorBody } from '@diatonic/api-schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
const bodyLimitBytes = 4096;

// Routes that exist only in this test: a validated JSON POST and a handler that crashes.
const EchoBody = z.object({ title: z.string().min(1), count: z.number().int(), tags: z.array(z.string()).optional() });
const echoRoute = createRoute({
  method: 'post',
  path: '/api/test/echo/{id}',
  request: {
    params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
    query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    body: { required: true, content: { 'application/json': { schema: EchoBody } } },
  },
  responses: {
    200: { description: 'echo', content: { 'application/json': { schema: EchoBody } } },
    400: { description: 'bad', content: { 'application/json': { schema: ApiErrorBody } } },
  },
});

beforeAll(async () => {
  platform = await startTempPlatform({ env: { BODY_LIMIT_BYTES: String(bodyLimitBytes) } });
  platform.app.openapi(echoRoute, (c) => c.json(c.req.valid('json'), 200));
  platform.app.get('/api/test/boom', () => {
    throw new Error('database password is hunter2 at /srv/secret/path');
  });
});
afterAll(async () => {
  await platform.close();
});

const post = (
  body: BodyInit | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  path = '/api/test/echo/abc',
) => platform.app.request(path, { method: 'POST', body, headers });

/** A JSON body sent as a stream: no content-length, so the body limit counts it while reading. */
const postStream = (stream: ReadableStream<Uint8Array>) =>
  platform.app.request('/api/test/echo/abc', {
    method: 'POST',
    body: stream,
    headers: { 'content-type': 'application/json' },
    duplex: 'half',
  } as RequestInit);

describe('the error envelope', () => {
  it('passes a valid JSON body through', async () => {
    const res = await post(JSON.stringify({ title: 'Hi', count: 2 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ title: 'Hi', count: 2 });
  });

  it('rejects invalid fields with 400 invalid_input listing each failing field', async () => {
    const res = await post(JSON.stringify({ title: '', count: 'two', tags: ['a', 3] }));
    const body = await expectError(res, 400, 'invalid_input');
    expect(body.error.details?.location).toBe('body');
    const issues = body.error.details?.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['count', 'tags.1', 'title']);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it('rejects invalid path and query parameters the same way', async () => {
    const badPath = await expectError(
      await post(JSON.stringify({ title: 'x', count: 1 }), undefined, '/api/test/echo/ABC'),
      400,
      'invalid_input',
    );
    expect(badPath.error.details?.location).toBe('path');
    const badQuery = await expectError(
      await post(JSON.stringify({ title: 'x', count: 1 }), undefined, '/api/test/echo/abc?dryRun=maybe'),
      400,
      'invalid_input',
    );
    expect(badQuery.error.details).toMatchObject({ location: 'query', issues: [{ path: 'dryRun' }] });
  });

  it('rejects malformed JSON with 400', async () => {
    const body = await expectError(await post('{"title": "x", '), 400, 'invalid_input');
    expect(body.error.message).toMatch(/JSON/);
  });

  it('rejects a JSON body that is not an object', async () => {
    await expectError(await post('[1,2,3]'), 400, 'invalid_input');
    await expectError(await post('null'), 400, 'invalid_input');
  });

  it('rejects a non-JSON content type with 415', async () => {
    await expectError(
      await post('title=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    );
    await expectError(await post('hello', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('rejects a body without a content type with 415', async () => {
    await expectError(await post(JSON.stringify({ title: 'x', count: 1 }), {}), 415, 'unsupported_media_type');
  });

  it('rejects a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(bodyLimitBytes), count: 1 });
    const declared = await post(big, { 'content-type': 'application/json', 'content-length': String(big.length) });
    const body = await expectError(declared, 413, 'payload_too_large');
    expect(body.error.details).toEqual({ limitBytes: bodyLimitBytes });

    // No content-length: the limit trips while reading, before the rest of the stream is pulled.
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await postStream(stream);
    await expectError(streamed, 413, 'payload_too_large');
    expect(pulled).toBeLessThan(20);
  });

  it('hands a streamed body it counted on to the validator intact', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ title: 'streamed', count: 3 }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 10));
        controller.enqueue(bytes.subarray(10));
        controller.close();
      },
    });
    const res = await postStream(stream);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ title: 'streamed', count: 3 });
  });

  it('answers an unexpected exception with 500 internal, hiding the message but logging it', async () => {
    const res = await platform.app.request('/api/test/boom', { headers: { 'x-request-id': 'boom-request-1' } });
    const body = await expectError(res, 500, 'internal');
    const text = JSON.stringify(body);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('/srv/secret');
    expect(body.error.details).toBeUndefined();
    const logged = platform.logs.find((l) => l.msg === 'unhandled error');
    expect(logged).toMatchObject({ requestId: 'boom-request-1', path: '/api/test/boom' });
    expect(JSON.stringify(logged)).toContain('hunter2');
  });
});
