/**
 * The gateway routes with a real OpenAI-compatible provider: LLM_PROVIDER=openai-compatible against a
 * local server speaking the wire protocol, with OPENAI_MODEL_MAP sending a catalog model to it.
 */

import { defaultAnswer, type OpenAiWireServer, startOpenAiWireServer } from '@diatonic/adapters/testing';
import { llmContractLongPrompt } from '@diatonic/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import { type Call, caller, expectJson, type Json, type SignedUp, signUp } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { type RunningServer, startNodeServer } from '../entry/node-server.ts';

const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
let server: OpenAiWireServer;
let platform: TempPlatform;
let call: Call;
let user: SignedUp;
let running: RunningServer;

beforeAll(async () => {
  server = await startOpenAiWireServer();
  platform = await startTempPlatform({
    env: {
      PORT: '0',
      WEB_DIST_DIR: 'no-web-app',
      LLM_PROVIDER: 'openai-compatible',
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_MODEL_MAP: `${haiku}=llama3.1:8b`,
    },
  });
  call = caller(platform);
  user = await signUp(call, 'ai-provider@example.com');
  running = await startNodeServer(platform.deps, platform.app);
}, 60_000);

afterAll(async () => {
  await running?.close();
  await platform?.close();
  await server?.close();
});

const complete = (body: Record<string, unknown>) =>
  call('POST', '/api/ai/complete', { token: user.accessToken, orgId: user.personalOrgId, body });

async function usageTotals(): Promise<Json> {
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  return expectJson<Json>(
    await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=model`, {
      token: user.accessToken,
      orgId: user.personalOrgId,
    }),
    200,
  );
}

describe('AI routes with an OpenAI-compatible provider', () => {
  it("calls the server under the mapped model name and charges the catalog model's price", async () => {
    const before = server.requests.length;
    const body = await expectJson<Json>(
      await complete({ model: haiku, prompt: 'Primary colours?', cache: false }),
      200,
    );
    expect(server.requests.length).toBe(before + 1);
    expect(server.requests.at(-1)?.body.model).toBe('llama3.1:8b');
    expect(server.requests.at(-1)?.authorization).toBe('Bearer sk-test-key');
    expect(body).toMatchObject({ model: haiku, text: defaultAnswer, offline: false, cached: false });
    expect(body.usage).toEqual({ inputTokens: 21, outputTokens: 6 });
    // 21 × 0.25 USD/M + 6 × 1.25 USD/M, in micro-USD.
    expect(body.costMicroUsd).toBe(Math.ceil((21 * 250_000 + 6 * 1_250_000) / 1_000_000));
  });

  it('answers 502 upstream_failed when the provider keeps failing, with nothing left reserved', async () => {
    // The adapter's first attempt and its two retries.
    server.next({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const before = await usageTotals();
    const sent = server.requests.length;
    await expectError(await complete({ model: haiku, prompt: 'Anyone there?', cache: false }), 502, 'upstream_failed');
    expect(server.requests.length - sent).toBe(3);
    const after = await usageTotals();
    expect(after.totals.failedRequests).toBe(before.totals.failedRequests + 1);
    expect(after.totals.costMicroUsd).toBe(before.totals.costMicroUsd);
    // The reservation was released: the month's committed spend is what was actually charged.
    expect(after.budget.usedMicroUsd).toBe(before.budget.usedMicroUsd);
  });

  it('sends an error event when the stream is cut after tokens were sent', async () => {
    server.next({ kind: 'cut', afterChunks: 2 });
    const res = await complete({ model: haiku, prompt: 'Tell me a long story', cache: false, stream: true });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('event: token');
    expect(text).not.toContain('event: done');
    const errorBlock = text.split('\n\n').find((block) => block.startsWith('event: error'));
    expect(errorBlock).toBeDefined();
    const envelope = JSON.parse(
      errorBlock!
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(envelope.error.code).toBe('upstream_failed');
    expect(envelope.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers 503 naming the setting for a catalog model that is not mapped', async () => {
    const error = await expectError(
      await complete({ model: 'meta.llama3-1-8b-instruct-v1:0', prompt: 'Hi', cache: false }),
      503,
      'unavailable',
    );
    expect(error.error.message).toContain('OPENAI_MODEL_MAP=meta.llama3-1-8b-instruct-v1:0=');
  });

  it('aborts the provider call when the client disconnects mid-stream, charging only what streamed', async () => {
    const before = await usageTotals();
    const abandonedBefore = server.closedEarly();
    const client = new AbortController();
    const res = await fetch(`${running.url}/api/ai/complete`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        'x-organization-id': user.personalOrgId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: haiku, prompt: llmContractLongPrompt, cache: false, stream: true }),
      signal: client.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = '';
    while (!received.includes('event: token')) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      received += new TextDecoder().decode(value);
    }
    client.abort();
    // The server's answer never ends on its own: only the abort reaching the provider call closes it.
    for (let i = 0; i < 200 && server.closedEarly() === abandonedBefore; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(server.closedEarly()).toBe(abandonedBefore + 1);
    let after = await usageTotals();
    for (let i = 0; i < 200 && after.totals.failedRequests === before.totals.failedRequests; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      after = await usageTotals();
    }
    expect(after.totals.failedRequests).toBe(before.totals.failedRequests + 1);
    // The prompt and the streamed text are charged (the provider bills them); the rest is released.
    expect(after.totals.outputTokens).toBeGreaterThan(before.totals.outputTokens);
    expect(after.budget.usedMicroUsd).toBe(
      after.totals.costMicroUsd + (before.budget.usedMicroUsd - before.totals.costMicroUsd),
    );
  });
});
