/**
 * streamCompletion's handling of what the server can send: tokens then `done`, an `error` event after the
 * stream started, a stream cut off before `done`, and a refusal before it started (with Retry-After).
 * fetch is replaced by canned responses; the real server's side is covered by the browser tests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { streamCompletion } from './ai-api.ts';
import { ApiError } from './api-error.ts';
import { sessionStore } from './session-store.ts';

const realFetch = globalThis.fetch;
const sent: { url: string; init: RequestInit | undefined }[] = [];

function respondWith(response: () => Response) {
  globalThis.fetch = async (input, init) => {
    sent.push({ url: String(input), init });
    return response();
  };
}

function sse(...chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const completion = {
  id: 'aiu_1',
  model: 'offline',
  text: 'Hello there',
  usage: { inputTokens: 3, outputTokens: 2 },
  costMicroUsd: 0,
  cached: false,
  offline: true,
  stopReason: 'end',
  latencyMs: 12,
};
const request = { model: 'offline', prompt: 'Hi' };

describe('streamCompletion', () => {
  beforeEach(() => {
    sent.length = 0;
    sessionStore.setTokens('access-token', 'refresh-token');
    sessionStore.setActiveOrganization('org_1');
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
    sessionStore.clear();
  });

  it('posts a streaming request as the signed-in user and hands over tokens, then the completion', async () => {
    respondWith(() =>
      sse(
        'event: token\ndata: {"text":"Hello"}\n\n',
        'event: token\ndata: {"text":" there"}\n\n',
        `event: done\ndata: ${JSON.stringify(completion)}\n\n`,
      ),
    );
    const tokens: string[] = [];
    const result = await streamCompletion(
      request,
      { onToken: (text) => tokens.push(text) },
      new AbortController().signal,
    );

    expect(tokens).toEqual(['Hello', ' there']);
    expect(result).toEqual(completion);
    const headers = sent[0]?.init?.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer access-token');
    expect(headers['x-organization-id']).toBe('org_1');
    expect(headers.accept).toBe('text/event-stream');
    expect(JSON.parse(String(sent[0]?.init?.body))).toEqual({ ...request, stream: true });
  });

  it('turns an error event after the first tokens into the ApiError of its envelope', async () => {
    const envelope = { error: { code: 'upstream_failed', message: 'The model provider failed', requestId: 'req_9' } };
    respondWith(() =>
      sse('event: token\ndata: {"text":"Hel"}\n\n', `event: error\ndata: ${JSON.stringify(envelope)}\n\n`),
    );
    const tokens: string[] = [];
    const failure = await streamCompletion(
      request,
      { onToken: (t) => tokens.push(t) },
      new AbortController().signal,
    ).catch((error: unknown) => error);

    expect(tokens).toEqual(['Hel']);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      code: 'upstream_failed',
      message: 'The model provider failed',
      requestId: 'req_9',
    });
  });

  it('reports a stream that ends without its done event', async () => {
    respondWith(() => sse('event: token\ndata: {"text":"Hel"}\n\n'));
    const failure = await streamCompletion(request, { onToken: () => {} }, new AbortController().signal).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'unexpected_response' });
  });

  it('refuses before streaming with the envelope, taking the wait from Retry-After', async () => {
    const envelope = { error: { code: 'rate_limited', message: 'Too many requests per minute', requestId: 'req_1' } };
    respondWith(
      () =>
        new Response(JSON.stringify(envelope), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '7' },
        }),
    );
    const failure = await streamCompletion(request, { onToken: () => {} }, new AbortController().signal).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limited', details: { retryAfterMs: 7000 } });
  });
});
