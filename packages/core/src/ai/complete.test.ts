import { describe, expect, it } from 'vitest';
import { llmUpstreamError } from '../ports/llm-provider.ts';
import { AppError } from '../shared/errors.ts';
import { createAiTestKit, haiku, sonnet, testActor } from './ai-test-kit.ts';
import { complete } from './complete.ts';
import { costOf } from './cost.ts';
import { getUsage } from './get-usage.ts';
import { aiCounterKey, aiUsagePartition } from './keys.ts';
import { defaultModelCatalog, findModel } from './model-catalog.ts';
import { countPromptTokens, loadTokenizer } from './token-count.ts';
import { updateLimits } from './update-limits.ts';
import type { UsageEntry } from './usage-ledger.ts';

const haikuModel = findModel(defaultModelCatalog, haiku);
if (!haikuModel) throw new Error('haiku missing');
const prompt = 'Say hello';
await loadTokenizer();
const promptTokens = countPromptTokens({ messages: [{ role: 'user', content: prompt }] });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function counters(kit: ReturnType<typeof createAiTestKit>, orgId = 'org_one') {
  const now = kit.clock.nowMs();
  const iso = new Date(now).toISOString();
  const org = { kind: 'org' as const };
  const month = await kit.deps.store.get(aiCounterKey(orgId, org, 'M', iso.slice(0, 7)));
  const day = await kit.deps.store.get(aiCounterKey(orgId, org, 'D', iso.slice(0, 10)));
  const minute = await kit.deps.store.get(aiCounterKey(orgId, org, 'MIN', iso.slice(0, 16)));
  return {
    microUsd: month?.data.microUsd ?? 0,
    dayTokens: day?.data.tokens ?? 0,
    requests: minute?.data.requests ?? 0,
    minuteTokens: minute?.data.tokens ?? 0,
  };
}

async function ledger(kit: ReturnType<typeof createAiTestKit>, orgId = 'org_one'): Promise<UsageEntry[]> {
  const page = await kit.deps.store.query<UsageEntry>({ pk: aiUsagePartition(orgId), limit: 1000 });
  return page.items.map((item) => item.data);
}

describe('complete', () => {
  it('settles the counters and writes the ledger and cache entries in one transaction: all or none', async () => {
    const kit = createAiTestKit({ text: 'Hello!', usage: { inputTokens: 12, outputTokens: 30 } });
    const actor = testActor();
    const store = kit.deps.store;
    const transact = store.transact.bind(store);
    // The settling transaction (the one carrying the ledger entry) fails.
    const settling = (operations: Parameters<typeof transact>[0]) =>
      operations.some((op) => op.kind === 'put' && op.item.pk === aiUsagePartition(actor.orgId));
    store.transact = (operations) =>
      settling(operations) ? Promise.reject(new Error('disk full')) : transact(operations);
    await expect(complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 100 })).rejects.toThrow('disk full');
    // Nothing claims the call happened; the reservation stays counted (the safe direction).
    expect(await ledger(kit)).toEqual([]);
    expect((await counters(kit)).requests).toBe(1);
    store.transact = transact;
    const again = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 100 });
    expect(again.cached).toBe(false);
    expect((await ledger(kit)).map((e) => e.outcome)).toEqual(['success']);
  });

  it('calls the provider, settles actual usage and records the ledger', async () => {
    const kit = createAiTestKit({ text: 'Hello!', usage: { inputTokens: 12, outputTokens: 30 } });
    const actor = testActor();
    const result = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 100, agentId: 'agt_1' });
    expect(result.text).toBe('Hello!');
    expect(result.cached).toBe(false);
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 30 });
    const cost = costOf(haikuModel, { inputTokens: 12, outputTokens: 30 });
    expect(result.costMicroUsd).toBe(cost);
    expect(kit.llm.calls).toHaveLength(1);
    expect(kit.llm.calls[0]?.model).toBe(haiku);
    expect(kit.llm.calls[0]?.maxTokens).toBe(100);
    // The worst-case reservation was replaced by the actual usage.
    expect(await counters(kit)).toEqual({ microUsd: cost, dayTokens: 42, requests: 1, minuteTokens: 42 });
    const entries = await ledger(kit);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      userId: 'usr_alice',
      model: haiku,
      agentId: 'agt_1',
      runId: null,
      inputTokens: 12,
      outputTokens: 30,
      costMicroUsd: cost,
      cached: false,
      outcome: 'success',
    });
  });

  it('refuses unknown models with invalid_input and models outside the plan with forbidden', async () => {
    const kit = createAiTestKit();
    expect((await failure(complete(kit.deps, testActor(), { model: 'gpt-17', prompt }))).code).toBe('invalid_input');
    expect((await failure(complete(kit.deps, testActor({ plan: 'free' }), { model: sonnet, prompt }))).code).toBe(
      'forbidden',
    );
    await complete(kit.deps, testActor({ plan: 'extreme' }), { model: sonnet, prompt });
    expect(kit.llm.calls).toHaveLength(1);
  });

  it('rejects a prompt over the per-request token limit, naming counted and allowed tokens', async () => {
    const kit = createAiTestKit();
    const actor = testActor({ role: 'admin' });
    await updateLimits(kit.deps, actor, { limits: { maxTokensPerRequest: 50 } });
    const long = 'word '.repeat(60);
    const error = await failure(complete(kit.deps, actor, { model: haiku, prompt: long, maxTokens: 10 }));
    expect(error.code).toBe('invalid_input');
    const counted = countPromptTokens({ messages: [{ role: 'user', content: long }] });
    expect(error.details).toMatchObject({ countedTokens: counted, maxTokens: 10, allowedTokens: 50 });
    expect(error.message).toContain(String(counted));
    expect(kit.llm.calls).toHaveLength(0);
    expect((await ledger(kit)).length).toBe(0);
  });

  it('rejects bad input before reserving anything', async () => {
    const kit = createAiTestKit();
    const actor = testActor();
    for (const input of [
      { model: haiku },
      { model: haiku, prompt: '' },
      { model: haiku, prompt, messages: [{ role: 'user' as const, content: 'x' }] },
      { model: haiku, messages: [{ role: 'assistant' as const, content: 'x' }] },
      { model: haiku, prompt, maxTokens: 0 },
      { model: haiku, prompt, maxTokens: 5000 },
      { model: haiku, prompt, temperature: 3 },
      { model: haiku, prompt, agentId: 'has spaces' },
    ]) {
      expect((await failure(complete(kit.deps, actor, input))).code).toBe('invalid_input');
    }
    expect(await counters(kit)).toEqual({ microUsd: 0, dayTokens: 0, requests: 0, minuteTokens: 0 });
  });

  it('lets exactly one of 20 concurrent calls through a budget that allows one', async () => {
    const maxTokens = 100;
    const estimate = costOf(haikuModel, { inputTokens: promptTokens, outputTokens: maxTokens });
    const kit = createAiTestKit({ text: 'ok', usage: { inputTokens: promptTokens, outputTokens: maxTokens } });
    const actor = testActor({ role: 'admin' });
    await updateLimits(kit.deps, actor, { limits: { monthlyBudgetMicroUsd: estimate * 2 - 1 } });

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => complete(kit.deps, actor, { model: haiku, prompt, maxTokens, cache: false })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(fulfilled).toHaveLength(1);
    expect(kit.llm.calls).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const error of rejected) expect(error.code).toBe('budget_exceeded');

    const entries = await ledger(kit);
    expect(entries.filter((e) => e.outcome === 'success')).toHaveLength(kit.llm.calls.length);
    expect(entries.filter((e) => e.outcome === 'refused')).toHaveLength(19);
    expect((await counters(kit)).microUsd).toBe(estimate);
    expect(entries.reduce((sum, e) => sum + e.costMicroUsd, 0)).toBe(estimate);
    // Half the budget is spent; the refusals raise the shutoff alert once, not 19 times.
    expect(kit.alerts.map((a) => [a.percent, a.trigger]).sort()).toEqual([
      [100, 'refused'],
      [50, 'spend'],
    ]);
  });

  it('never commits more than the budget under a concurrent burst, then shuts off until the limit is raised', async () => {
    const kit = createAiTestKit({ text: 'ok', usage: { inputTokens: 5, outputTokens: 3 } });
    // Enterprise: no rate or token limits in the way, only the budget set below.
    const actor = testActor({ role: 'admin', plan: 'enterprise' });
    const maxTokens = 50;
    const estimate = costOf(haikuModel, { inputTokens: promptTokens, outputTokens: maxTokens });
    const budget = estimate * 5;
    await updateLimits(kit.deps, actor, { limits: { monthlyBudgetMicroUsd: budget } });
    const burst = () =>
      Promise.allSettled(
        Array.from({ length: 30 }, () => complete(kit.deps, actor, { model: haiku, prompt, maxTokens, cache: false })),
      );
    let total = 0;
    // Bursts until one lets nothing through: in-flight reservations hold the budget, so each burst
    // admits only what the uncommitted remainder can pay for in the worst case.
    for (let round = 0; round < 200; round++) {
      const results = await burst();
      if (results.every((r) => r.status === 'rejected')) break;
      for (const r of results) {
        if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('budget_exceeded');
      }
      const { microUsd } = await counters(kit);
      expect(microUsd).toBeLessThanOrEqual(budget);
      total = microUsd as number;
    }
    const spent = (await ledger(kit)).reduce((sum, e) => sum + e.costMicroUsd, 0);
    expect(spent).toBe(total);
    expect(spent + estimate).toBeGreaterThan(budget);
    const error = await failure(complete(kit.deps, actor, { model: haiku, prompt, maxTokens, cache: false }));
    expect(error.code).toBe('budget_exceeded');
    expect(error.details).toMatchObject({ limit: 'monthlyBudgetMicroUsd', scope: 'org' });

    await updateLimits(kit.deps, actor, { limits: { monthlyBudgetMicroUsd: null } });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens, cache: false });
  });

  it('opens a new budget when the month rolls over', async () => {
    const kit = createAiTestKit({ text: 'ok', usage: { inputTokens: promptTokens, outputTokens: 10 } });
    const actor = testActor({ role: 'admin' });
    const estimate = costOf(haikuModel, { inputTokens: promptTokens, outputTokens: 10 });
    await updateLimits(kit.deps, actor, { limits: { monthlyBudgetMicroUsd: estimate } });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 10, cache: false });
    expect((await failure(complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 10, cache: false }))).code).toBe(
      'budget_exceeded',
    );
    kit.clock.advance(31 * 86_400_000);
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 10, cache: false });
    expect(kit.llm.calls).toHaveLength(2);
  });

  it('returns upstream_failed when the provider is down and leaves nothing reserved', async () => {
    const kit = createAiTestKit([
      { text: '', error: llmUpstreamError('scripted', 'down', { retryable: true, status: 503 }) },
      { text: 'back', usage: { inputTokens: 4, outputTokens: 1 } },
    ]);
    const actor = testActor();
    const error = await failure(complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 200 }));
    expect(error.code).toBe('upstream_failed');
    expect(await counters(kit)).toEqual({ microUsd: 0, dayTokens: 0, requests: 0, minuteTokens: 0 });
    const [entry] = await ledger(kit);
    expect(entry).toMatchObject({ outcome: 'failure', errorCode: 'upstream_failed', costMicroUsd: 0 });
    // Failures are not cached: the next identical call reaches the provider.
    const ok = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 200 });
    expect(ok.text).toBe('back');
    expect(kit.llm.calls).toHaveLength(2);
  });

  it('releases the reservation when the caller aborts', async () => {
    const kit = createAiTestKit();
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      complete(kit.deps, testActor(), { model: haiku, prompt }, { signal: controller.signal }),
    );
    expect(error.code).toBe('unavailable');
    expect(await counters(kit)).toEqual({ microUsd: 0, dayTokens: 0, requests: 0, minuteTokens: 0 });
    expect((await ledger(kit))[0]).toMatchObject({ outcome: 'failure', errorCode: 'unavailable' });
  });

  it('wraps a non-AppError from a provider as upstream_failed', async () => {
    const kit = createAiTestKit();
    const broken = {
      name: 'broken',
      complete: async () => {
        throw new TypeError('socket hang up');
      },
      stream: () => {
        throw new TypeError('socket hang up');
      },
    };
    const deps = { ...kit.deps, providerFor: () => broken };
    expect((await failure(complete(deps, testActor(), { model: haiku, prompt }))).code).toBe('upstream_failed');
    expect(await counters(kit)).toEqual({ microUsd: 0, dayTokens: 0, requests: 0, minuteTokens: 0 });
  });

  it('enforces requests per minute and frees them in the next minute', async () => {
    const kit = createAiTestKit();
    const actor = testActor({ role: 'admin' });
    await updateLimits(kit.deps, actor, { limits: { requestsPerMinute: 2 } });
    await complete(kit.deps, actor, { model: haiku, prompt, cache: false });
    await complete(kit.deps, actor, { model: haiku, prompt, cache: false });
    const error = await failure(complete(kit.deps, actor, { model: haiku, prompt, cache: false }));
    expect(error.code).toBe('rate_limited');
    expect(error.details).toMatchObject({ limit: 'requestsPerMinute' });
    expect(Number(error.details?.retryAfterMs)).toBeGreaterThan(0);
    kit.clock.advance(60_000);
    await complete(kit.deps, actor, { model: haiku, prompt, cache: false });
  });

  it('enforces tokens per day with the worst-case reservation', async () => {
    const kit = createAiTestKit({ text: 'ok', usage: { inputTokens: 1, outputTokens: 1 } });
    const actor = testActor({ role: 'admin' });
    await updateLimits(kit.deps, actor, { limits: { tokensPerDay: promptTokens + 100 } });
    const error = await failure(complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 101 }));
    expect(error.code).toBe('budget_exceeded');
    expect(error.details).toMatchObject({ limit: 'tokensPerDay' });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 100 });
  });

  it('applies per-user limits inside the organisation without blocking other members', async () => {
    const kit = createAiTestKit({ text: 'ok', usage: { inputTokens: promptTokens, outputTokens: 10 } });
    const admin = testActor({ role: 'admin' });
    await updateLimits(kit.deps, admin, { perUser: { requestsPerMinute: 1 } });
    const bob = testActor({ userId: 'usr_bob', role: 'member' });
    await complete(kit.deps, bob, { model: haiku, prompt, cache: false });
    const error = await failure(complete(kit.deps, bob, { model: haiku, prompt, cache: false }));
    expect(error.code).toBe('rate_limited');
    expect(error.details).toMatchObject({ scope: 'user' });
    await complete(kit.deps, testActor({ userId: 'usr_carol', role: 'member' }), {
      model: haiku,
      prompt,
      cache: false,
    });
  });
});

describe('response cache', () => {
  it('serves an identical request from the cache for free and records the saving', async () => {
    const kit = createAiTestKit({ text: 'cached answer', usage: { inputTokens: 10, outputTokens: 20 } });
    const actor = testActor();
    const first = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 });
    const second = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 });
    expect(kit.llm.calls).toHaveLength(1);
    expect(second).toMatchObject({ text: 'cached answer', cached: true, costMicroUsd: 0 });
    expect(first.cached).toBe(false);
    const usage = await getUsage(kit.deps, actor, { from: '2026-03-01', to: '2026-04-01', groupBy: 'model' });
    expect(usage.totals).toMatchObject({ requests: 2, cachedRequests: 1, costMicroUsd: first.costMicroUsd });
    expect(usage.totals.savedMicroUsd).toBe(first.costMicroUsd);
  });

  it('misses on any parameter change, honours cache: false and expires with its TTL', async () => {
    const kit = createAiTestKit({ text: 'a' });
    const actor = testActor();
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 65 });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64, temperature: 0.5 });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64, system: 'Be terse' });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64, cache: false });
    expect(kit.llm.calls).toHaveLength(5);
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 });
    expect(kit.llm.calls).toHaveLength(5);
    kit.clock.advance((kit.deps.settings.cacheTtlSeconds + 1) * 1000);
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 });
    expect(kit.llm.calls).toHaveLength(6);
  });

  it('still serves a cached answer once the budget is used up, because it costs nothing', async () => {
    const usage = { inputTokens: promptTokens, outputTokens: 10 };
    const kit = createAiTestKit({ text: 'kept', usage });
    const actor = testActor({ role: 'admin' });
    await updateLimits(kit.deps, actor, { limits: { monthlyBudgetMicroUsd: costOf(haikuModel, usage) } });
    await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 10 });
    const hit = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 10 });
    expect(hit.cached).toBe(true);
    const miss = await failure(complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 10, cache: false }));
    expect(miss.code).toBe('budget_exceeded');
    expect(kit.llm.calls).toHaveLength(1);
  });

  it('answers a hit with its ledger entry as the only write: no counter moves, the request id is kept', async () => {
    const kit = createAiTestKit({ text: 'once', usage: { inputTokens: 10, outputTokens: 20 } });
    const actor = testActor();
    const first = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 }, { requestId: 'req_a' });
    const before = await counters(kit);
    const hit = await complete(kit.deps, actor, { model: haiku, prompt, maxTokens: 64 }, { requestId: 'req_b' });
    expect(hit.cached).toBe(true);
    expect(await counters(kit)).toEqual(before);
    const entries = await ledger(kit);
    expect(entries.map((e) => [e.id, e.requestId, e.cached, e.savedMicroUsd])).toEqual([
      [first.id, 'req_a', false, 0],
      [hit.id, 'req_b', true, first.costMicroUsd],
    ]);
  });

  it('checks a request against the limits before serving its cached answer', async () => {
    const kit = createAiTestKit({ text: 'kept' });
    const admin = testActor({ role: 'admin' });
    await complete(kit.deps, admin, { model: haiku, prompt, maxTokens: 64 });
    await updateLimits(kit.deps, admin, { limits: { maxTokensPerRequest: 32 } });
    const error = await failure(complete(kit.deps, admin, { model: haiku, prompt, maxTokens: 64 }));
    expect(error.code).toBe('invalid_input');
    expect(kit.llm.calls).toHaveLength(1);
  });

  it('is never shared across organisations', async () => {
    const kit = createAiTestKit({ text: 'secret of org one' });
    await complete(kit.deps, testActor(), { model: haiku, prompt });
    const other = await complete(kit.deps, testActor({ orgId: 'org_two', userId: 'usr_eve' }), {
      model: haiku,
      prompt,
    });
    expect(other.cached).toBe(false);
    expect(kit.llm.calls).toHaveLength(2);
  });
});

describe('budget alerts', () => {
  it('sends 50, 80 and 100% exactly once per month, with the webhook URL', async () => {
    // Each call costs exactly 1/10 of the budget.
    const usage = { inputTokens: 400, outputTokens: 0 };
    const kit = createAiTestKit({ text: 'x', usage });
    const actor = testActor({ role: 'admin' });
    const perCall = costOf(haikuModel, usage);
    const maxTokens = 1;
    const estimate = costOf(haikuModel, { inputTokens: promptTokens, outputTokens: maxTokens });
    expect(estimate).toBeLessThanOrEqual(perCall);
    await updateLimits(kit.deps, actor, {
      limits: { monthlyBudgetMicroUsd: perCall * 10 },
      alertWebhookUrl: 'https://hooks.example.com/a',
    });
    const call = () => complete(kit.deps, actor, { model: haiku, prompt, maxTokens, cache: false });
    for (let i = 0; i < 4; i++) await call();
    expect(kit.alerts).toHaveLength(0);
    await call();
    expect(kit.alerts.map((a) => a.percent)).toEqual([50]);
    await Promise.all([call(), call(), call()]);
    expect(kit.alerts.map((a) => a.percent)).toEqual([50, 80]);
    await Promise.all([call(), call()]);
    expect(kit.alerts.map((a) => a.percent)).toEqual([50, 80, 100]);
    expect(kit.alerts[2]).toMatchObject({
      shutoff: true,
      trigger: 'spend',
      alertWebhookUrl: 'https://hooks.example.com/a',
    });
    expect((await failure(call())).code).toBe('budget_exceeded');
    expect(kit.alerts).toHaveLength(3);
  });

  it('retries an alert whose delivery failed', async () => {
    const kit = createAiTestKit({ text: 'x', usage: { inputTokens: 100, outputTokens: 0 } });
    const actor = testActor({ role: 'admin' });
    const perCall = costOf(haikuModel, { inputTokens: 100, outputTokens: 0 });
    await updateLimits(kit.deps, actor, { limits: { monthlyBudgetMicroUsd: perCall * 20 } });
    let fail = true;
    const delivered: number[] = [];
    const deps = {
      ...kit.deps,
      notifyAlert: async (event: { percent: number }) => {
        if (fail) throw new Error('notification service down');
        delivered.push(event.percent);
      },
    };
    for (let i = 0; i < 10; i++) await complete(deps, actor, { model: haiku, prompt, maxTokens: 1, cache: false });
    expect(delivered).toEqual([]);
    fail = false;
    await complete(deps, actor, { model: haiku, prompt, maxTokens: 1, cache: false });
    expect(delivered).toEqual([50]);
  });
});
