/**
 * The gateway's limits across processes: two real server processes share one SQLite file and one
 * OpenAI-compatible provider. Budget reservations and the requests-per-minute counter are items in
 * the shared store, so neither process can spend what the other has reserved.
 */
import { rmSync } from 'node:fs';
import { type OpenAiWireServer, startOpenAiWireServer } from '@diatonic/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, type Json, type SignedUp, signUp } from '../../test/identity-client.ts';
import { type ServerProcess, startServerProcess, urlCaller } from '../../test/server-process.ts';
import { tempDir } from '../../test/temp-platform.ts';

const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
let llm: OpenAiWireServer;
let dataDir: string;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  llm = await startOpenAiWireServer();
  dataDir = tempDir();
  const env = {
    LLM_PROVIDER: 'openai-compatible',
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_MODEL_MAP: `${haiku}=llama3.1:8b`,
    RATE_LIMIT_REQUESTS: '0',
  };
  // One after the other, so the second does not race the first one's migrations.
  servers.push(await startServerProcess(dataDir, env));
  servers.push(await startServerProcess(dataDir, env));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  await llm?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function newOrgOwner(email: string): Promise<SignedUp> {
  return signUp(urlCaller(servers[0]!.url), email);
}

/** Sends `count` concurrent completions, alternating between the two processes. */
function burst(owner: SignedUp, count: number, body: Record<string, unknown>) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const call = urlCaller(servers[i % 2]!.url);
      const res = await call('POST', '/api/ai/complete', {
        token: owner.accessToken,
        orgId: owner.personalOrgId,
        body: { ...body, prompt: `${body.prompt} ${i}` },
      });
      return { status: res.status, body: (await res.json()) as Json };
    }),
  );
}

async function usage(owner: SignedUp): Promise<Json> {
  const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const call = urlCaller(servers[1]!.url);
  return expectJson(
    await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=model`, {
      token: owner.accessToken,
      orgId: owner.personalOrgId,
    }),
    200,
  );
}

describe('AI gateway limits across two server processes', () => {
  it('lets exactly one of 20 concurrent calls through a budget that allows one, and the ledger agrees', async () => {
    const owner = await newOrgOwner('two-process-budget@example.com');
    // Worst case of one call: 1000 output tokens × $1.25/M = 1250 µUSD plus a few µUSD of prompt
    // (≤ 24 tokens). Actual use (21 in, 6 out) is 13 µUSD. A budget of 1256 fits one reservation,
    // and after it settles the 1243 left cannot cover another worst case: exactly one call, whatever the timing.
    await expectJson(
      await urlCaller(servers[0]!.url)('PUT', '/api/ai/limits', {
        token: owner.accessToken,
        orgId: owner.personalOrgId,
        body: { limits: { monthlyBudgetMicroUsd: 1256 } },
      }),
      200,
    );
    const before = llm.requests.length;
    const results = await burst(owner, 20, { model: haiku, prompt: 'Go', maxTokens: 1000, cache: false });
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.body.error.code).toBe('budget_exceeded');
    expect(llm.requests.length - before).toBe(1);

    const report = await usage(owner);
    expect(report.totals.requests - report.totals.refusedRequests - report.totals.failedRequests).toBe(1);
    expect(report.totals.refusedRequests).toBe(19);
    expect(report.totals.costMicroUsd).toBe(13);
    expect(report.budget).toMatchObject({ limitMicroUsd: 1256, usedMicroUsd: 13 });
  }, 60_000);

  it('holds the requests-per-minute limit across both processes', async () => {
    const owner = await newOrgOwner('two-process-rpm@example.com');
    await expectJson(
      await urlCaller(servers[1]!.url)('PUT', '/api/ai/limits', {
        token: owner.accessToken,
        orgId: owner.personalOrgId,
        body: { limits: { requestsPerMinute: 10 } },
      }),
      200,
    );
    const startMinute = Math.floor(Date.now() / 60_000);
    const results = await burst(owner, 40, { model: 'offline', prompt: 'Count me', maxTokens: 8, cache: false });
    const sameMinute = Math.floor(Date.now() / 60_000) === startMinute;
    const served = results.filter((r) => r.status === 200).length;
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('rate_limited');
    }
    // A burst that straddles a minute boundary may use two windows, never more.
    expect(served).toBeLessThanOrEqual(sameMinute ? 10 : 20);
    expect(served).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
