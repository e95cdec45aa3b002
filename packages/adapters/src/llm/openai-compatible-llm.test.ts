import { isAppError, isLlmAbortedError, type LlmRequest, type LlmStreamEvent } from '@diatonic/core';
import {
  describeLlmProviderContract,
  drainLlmStream,
  failureOf,
  llmContractLongPrompt,
  llmTestRequest,
} from '@diatonic/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleLlm } from './openai-compatible-llm.ts';
import { defaultAnswer, type OpenAiWireServer, startOpenAiWireServer } from './test-servers/openai-wire-server.ts';

describeLlmProviderContract('openai-compatible (local SSE server)', async () => {
  const server = await startOpenAiWireServer();
  return {
    provider: createOpenAiCompatibleLlm({ baseUrl: server.baseUrl, apiKey: 'sk-test', retryBaseMs: 1 }),
    model: 'llama3.1:8b',
    close: () => server.close(),
  };
});

const ask = (overrides: Partial<LlmRequest> = {}) => llmTestRequest('llama3.1:8b', overrides);

describe('openai-compatible LLM against a local server', () => {
  let server: OpenAiWireServer;
  let llm: ReturnType<typeof createOpenAiCompatibleLlm>;

  beforeAll(async () => {
    server = await startOpenAiWireServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    llm = createOpenAiCompatibleLlm({ baseUrl: server.baseUrl, apiKey: 'sk-test', retryBaseMs: 1, maxRetries: 2 });
  });

  it('sends the chat completions wire format and reads exact usage', async () => {
    const result = await llm.complete(ask({ temperature: 0.2, stop: ['END'] }));
    expect(result).toEqual({
      text: defaultAnswer,
      usage: { inputTokens: 21, outputTokens: 6 },
      stopReason: 'end',
      provider: 'openai-compatible',
      model: 'llama3.1:8b',
      offline: false,
    });
    const sent = server.requests[0];
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.authorization).toBe('Bearer sk-test');
    expect(sent?.body).toEqual({
      model: 'llama3.1:8b',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Name three primary colours.' },
      ],
      max_tokens: 50,
      temperature: 0.2,
      stop: ['END'],
      stream: false,
    });
  });

  it('accepts a base URL that already ends in /v1', async () => {
    const v1 = createOpenAiCompatibleLlm({ baseUrl: `${server.baseUrl}/v1/` });
    await v1.complete(ask());
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(server.requests[0]?.authorization).toBeUndefined();
  });

  it('streams SSE deltas, asks for usage in the stream, and maps length and stop reasons', async () => {
    const events = await drainLlmStream(llm.stream(ask()));
    expect(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : ''))).toEqual([
      'Red,',
      ' yellow',
      ' and',
      ' blue.',
    ]);
    expect(server.requests[0]?.body.stream_options).toEqual({ include_usage: true });
    server.next({ kind: 'answer', finishReason: 'length' }, { kind: 'answer', stopReason: 'END' });
    expect((await llm.complete(ask())).stopReason).toBe('max_tokens');
    const stopped = (await drainLlmStream(llm.stream(ask({ stop: ['END'] })))).at(-1);
    expect(stopped?.type === 'done' && stopped.result.stopReason).toBe('stop_sequence');
  });

  it('estimates usage, flagged, when the server sends none; accepts a stream without [DONE]', async () => {
    server.next({ kind: 'answer', usage: false }, { kind: 'answer', usage: false, omitDone: true });
    const completed = await llm.complete(ask());
    expect(completed.usage.estimated).toBe(true);
    expect(completed.usage.outputTokens).toBeGreaterThan(0);
    const done = (await drainLlmStream(llm.stream(ask()))).at(-1);
    expect(done?.type === 'done' && done.result.usage).toEqual(completed.usage);
  });

  it('retries 429 after Retry-After, then succeeds', async () => {
    server.next({ kind: 'status', status: 429, headers: { 'retry-after': '0' } });
    const result = await llm.complete(ask());
    expect(result.text).toBe(defaultAnswer);
    expect(server.requests).toHaveLength(2);
  });

  it('gives rate_limited with retryAfterMs once retries run out, or when Retry-After is too long', async () => {
    server.next(
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
    );
    const exhausted = await failureOf(llm.complete(ask()));
    expect(isAppError(exhausted) && exhausted.code).toBe('rate_limited');
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.next({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const long = await failureOf(drainLlmStream(llm.stream(ask())));
    expect(isAppError(long) && long.code).toBe('rate_limited');
    expect(isAppError(long) && long.details?.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 500 then gives upstream_failed (retryable) after bounded attempts', async () => {
    server.next({ kind: 'status', status: 500 });
    expect((await llm.complete(ask())).text).toBe(defaultAnswer);
    server.requests.length = 0;
    server.next(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 500, body: { error: { message: 'model crashed' } } },
    );
    const error = await failureOf(drainLlmStream(llm.stream(ask())));
    expect(isAppError(error) && error.code).toBe('upstream_failed');
    expect(isAppError(error) && error.details).toMatchObject({ retryable: true, status: 500 });
    expect(isAppError(error) && error.message).toContain('model crashed');
    expect(server.requests).toHaveLength(3);
  });

  it('maps 400 to invalid_input and 401 to a non-retryable upstream_failed, without retrying', async () => {
    server.next(
      { kind: 'status', status: 400, body: { error: { message: 'bad model' } } },
      { kind: 'status', status: 401 },
    );
    const bad = await failureOf(llm.complete(ask()));
    expect(isAppError(bad) && bad.code).toBe('invalid_input');
    const denied = await failureOf(llm.complete(ask()));
    expect(isAppError(denied) && denied.code).toBe('upstream_failed');
    expect(isAppError(denied) && denied.details?.retryable).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    { kind: 'cut' as const, afterChunks: 2 },
    { kind: 'truncate' as const, afterChunks: 2 },
  ])(
    'fails a stream that breaks midway ($kind) with upstream_failed, no done event and no retry',
    async (behaviour) => {
      server.next(behaviour);
      const seen: LlmStreamEvent[] = [];
      const error = await failureOf(
        (async () => {
          for await (const event of llm.stream(ask())) seen.push(event);
        })(),
      );
      expect(isAppError(error) && error.code).toBe('upstream_failed');
      expect(seen.map((e) => e.type)).toEqual(['delta', 'delta']);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('waits for a slow first token, and times out a server that never answers', async () => {
    server.next({ kind: 'answer', firstTokenDelayMs: 300 });
    const done = (await drainLlmStream(llm.stream(ask()))).at(-1);
    expect(done?.type === 'done' && done.result.text).toBe(defaultAnswer);

    const impatient = createOpenAiCompatibleLlm({ baseUrl: server.baseUrl, timeoutMs: 200, maxRetries: 0 });
    server.next({ kind: 'hang' });
    const error = await failureOf(drainLlmStream(impatient.stream(ask())));
    expect(isAppError(error) && error.code).toBe('upstream_failed');
    expect(isAppError(error) && error.message).toContain('200 ms');
  });

  it('aborts while waiting for the first token and mid-stream, closing the connection', async () => {
    const before = server.closedEarly();
    const waiting = new AbortController();
    server.next({ kind: 'hang' });
    const pending = failureOf(llm.complete(ask({ signal: waiting.signal })));
    setTimeout(() => waiting.abort(), 50);
    expect(isLlmAbortedError(await pending)).toBe(true);

    const midway = new AbortController();
    const seen: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of llm.stream(
          ask({ messages: [{ role: 'user', content: llmContractLongPrompt }], signal: midway.signal }),
        )) {
          seen.push(event.type);
          if (seen.length === 3) midway.abort();
        }
      })(),
    );
    expect(isLlmAbortedError(error)).toBe(true);
    expect(seen).toEqual(['delta', 'delta', 'delta']);
    await expect.poll(() => server.closedEarly()).toBe(before + 2);
  });
});
