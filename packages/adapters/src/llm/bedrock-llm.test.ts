import { isAppError, isLlmAbortedError, type LlmRequest } from '@diatonic/core';
import {
  describeLlmProviderContract,
  drainLlmStream,
  failureOf,
  llmContractLongPrompt,
  llmTestRequest,
} from '@diatonic/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBedrockLlm } from './bedrock-llm.ts';
import {
  type BedrockWireServer,
  bedrockDefaultAnswer,
  startBedrockWireServer,
} from './test-servers/bedrock-wire-server.ts';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
const model = 'anthropic.claude-3-haiku-20240307-v1:0';

describeLlmProviderContract('bedrock (local HTTP/2 event-stream server)', async () => {
  const server = await startBedrockWireServer();
  return {
    provider: createBedrockLlm({ region: 'us-east-1', credentials, endpoint: server.endpoint }),
    model,
    close: () => server.close(),
  };
});

const ask = (overrides: Partial<LlmRequest> = {}) => llmTestRequest(model, overrides);

describe('Bedrock LLM with the real SDK against a local server', () => {
  let server: BedrockWireServer;
  let llm: ReturnType<typeof createBedrockLlm>;

  beforeAll(async () => {
    server = await startBedrockWireServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    llm = createBedrockLlm({ region: 'us-east-1', credentials, endpoint: server.endpoint, maxAttempts: 3 });
  });

  it('sends a signed Converse request and reads text, usage and stop reason', async () => {
    const result = await llm.complete(ask({ temperature: 0.5, stop: ['END'] }));
    expect(result).toEqual({
      text: bedrockDefaultAnswer,
      usage: { inputTokens: 19, outputTokens: 7 },
      stopReason: 'end',
      provider: 'bedrock',
      model,
      offline: false,
    });
    const sent = server.requests[0];
    expect(decodeURIComponent(sent?.path ?? '')).toBe(`/model/${model}/converse`);
    expect(sent?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
    expect(sent?.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Name three primary colours.' }] }],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 50, temperature: 0.5, stopSequences: ['END'] },
    });
  });

  it('reads a ConverseStream event stream and maps stop reasons', async () => {
    const events = await drainLlmStream(llm.stream(ask()));
    expect(decodeURIComponent(server.requests[0]?.path ?? '')).toBe(`/model/${model}/converse-stream`);
    expect(events.map((e) => (e.type === 'delta' ? e.text : e.type))).toEqual([
      'Red,',
      ' yellow',
      ' and',
      ' blue.',
      'done',
    ]);
    server.next({ kind: 'answer', stopReason: 'max_tokens' }, { kind: 'answer', stopReason: 'stop_sequence' });
    expect((await llm.complete(ask())).stopReason).toBe('max_tokens');
    const done = (await drainLlmStream(llm.stream(ask()))).at(-1);
    expect(done?.type === 'done' && done.result.stopReason).toBe('stop_sequence');
  });

  it('retries ThrottlingException (429) with back-off, then succeeds', async () => {
    server.next({ kind: 'error', status: 429, errorType: 'ThrottlingException' });
    const done = (await drainLlmStream(llm.stream(ask()))).at(-1);
    expect(done?.type === 'done' && done.result.text).toBe(bedrockDefaultAnswer);
    expect(server.requests).toHaveLength(2);
  });

  it('gives rate_limited when throttling outlasts maxAttempts', async () => {
    const once = createBedrockLlm({ region: 'us-east-1', credentials, endpoint: server.endpoint, maxAttempts: 1 });
    server.next({ kind: 'error', status: 429, errorType: 'ThrottlingException' });
    const error = await failureOf(once.complete(ask()));
    expect(isAppError(error) && error.code).toBe('rate_limited');
    expect(isAppError(error) && error.details?.retryAfterMs).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 and gives upstream_failed (retryable) when it persists', async () => {
    server.next({ kind: 'error', status: 500, errorType: 'InternalServerException' });
    expect((await llm.complete(ask())).text).toBe(bedrockDefaultAnswer);
    server.requests.length = 0;
    server.next(
      { kind: 'error', status: 500, errorType: 'InternalServerException' },
      { kind: 'error', status: 503, errorType: 'ServiceUnavailableException' },
      { kind: 'error', status: 500, errorType: 'InternalServerException', message: 'model host down' },
    );
    const error = await failureOf(drainLlmStream(llm.stream(ask())));
    expect(isAppError(error) && error.code).toBe('upstream_failed');
    expect(isAppError(error) && error.details).toMatchObject({ retryable: true, status: 500 });
    expect(isAppError(error) && error.message).toContain('model host down');
    expect(server.requests).toHaveLength(3);
  });

  it('maps ValidationException to invalid_input and AccessDenied to a non-retryable failure', async () => {
    server.next(
      { kind: 'error', status: 400, errorType: 'ValidationException', message: 'maxTokens too large' },
      { kind: 'error', status: 403, errorType: 'AccessDeniedException' },
    );
    const bad = await failureOf(llm.complete(ask()));
    expect(isAppError(bad) && bad.code).toBe('invalid_input');
    expect(isAppError(bad) && bad.message).toContain('maxTokens too large');
    const denied = await failureOf(llm.complete(ask()));
    expect(isAppError(denied) && denied.code).toBe('upstream_failed');
    expect(isAppError(denied) && denied.details?.retryable).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    { kind: 'cut' as const, afterChunks: 2 },
    { kind: 'truncate' as const, afterChunks: 2 },
    { kind: 'streamException' as const, afterChunks: 2, exceptionType: 'modelStreamErrorException' },
  ])('fails a stream that breaks midway ($kind) with upstream_failed, no done, no retry', async (behaviour) => {
    server.next(behaviour);
    const seen: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of llm.stream(ask())) seen.push(event.type);
      })(),
    );
    expect(isAppError(error) && error.code).toBe('upstream_failed');
    expect(seen).toEqual(['delta', 'delta']);
    expect(server.requests).toHaveLength(1);
  });

  it('waits for a slow first token, and times out a server that never answers', async () => {
    server.next({ kind: 'answer', firstTokenDelayMs: 300 });
    const done = (await drainLlmStream(llm.stream(ask()))).at(-1);
    expect(done?.type === 'done' && done.result.text).toBe(bedrockDefaultAnswer);

    const impatient = createBedrockLlm({
      region: 'us-east-1',
      credentials,
      endpoint: server.endpoint,
      maxAttempts: 1,
      timeoutMs: 200,
    });
    server.next({ kind: 'hang' });
    const error = await failureOf(drainLlmStream(impatient.stream(ask())));
    expect(isAppError(error) && error.code).toBe('upstream_failed');
    expect(isAppError(error) && error.details?.retryable).toBe(true);
    expect(isAppError(error) && error.message).toMatch(/timed out/i);
  });

  it('aborts while waiting for the answer and mid-stream, closing the HTTP/2 stream', async () => {
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
