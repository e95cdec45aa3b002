/**
 * The AI gateway routes end to end: app.request() against a real SQLite platform with the offline
 * model (the default configuration), through authentication, validation, the facade and the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  createOrg,
  expectJson,
  type Json,
  join,
  type SignedUp,
  signUp,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';

let platform: TempPlatform;
let call: Call;
let owner: SignedUp;
let admin: SignedUp;
let member: SignedUp;
let orgId: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  call = caller(platform);
  owner = await signUp(call, 'ai-owner@example.com');
  admin = await signUp(call, 'ai-admin@example.com');
  member = await signUp(call, 'ai-member@example.com');
  orgId = await createOrg(call, owner, 'AI Org');
  await join(call, owner, orgId, admin, 'admin');
  await join(call, owner, orgId, member, 'member');
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const as = (user: SignedUp, activeOrgId = orgId) => ({ token: user.accessToken, orgId: activeOrgId });

interface SseEvent {
  event: string;
  data: Json;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice('data: '.length))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

const complete = (user: SignedUp, body: Record<string, unknown>, activeOrgId = orgId) =>
  call('POST', '/api/ai/complete', { ...as(user, activeOrgId), body });

describe('GET /api/ai/models', () => {
  it("lists only the models the organisation's plan allows", async () => {
    const body = await expectJson<Json>(await call('GET', '/api/ai/models', as(member)), 200);
    const ids = body.items.map((m: Json) => m.id);
    expect(ids).toContain('offline');
    expect(ids).toContain('anthropic.claude-3-haiku-20240307-v1:0');
    // The free plan has small models only.
    expect(ids).not.toContain('anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(body.items.every((m: Json) => m.tier === 'small')).toBe(true);
  });

  it('says which models this server can call: with nothing configured, only the offline one', async () => {
    const body = await expectJson<Json>(await call('GET', '/api/ai/models', as(member)), 200);
    const byId = new Map(body.items.map((m: Json) => [m.id, m]));
    expect(byId.get('offline')).toMatchObject({ available: true, unavailableReason: null });
    const haiku: Json = byId.get('anthropic.claude-3-haiku-20240307-v1:0');
    expect(haiku.available).toBe(false);
    expect(haiku.unavailableReason).toMatch(/LLM_PROVIDER=bedrock/);
    // The list and a call agree.
    await expectError(await complete(member, { model: haiku.id, prompt: 'Hello', maxTokens: 8 }), 503, 'unavailable');
  });

  it('needs a token', async () => {
    await expectError(await call('GET', '/api/ai/models'), 401, 'unauthenticated');
  });
});

describe('POST /api/ai/complete', () => {
  it('answers as JSON with usage, cost and the offline label', async () => {
    const body = await expectJson<Json>(
      await complete(member, { model: 'offline', prompt: 'Name three scales', maxTokens: 32, cache: false }),
      200,
    );
    expect(body.model).toBe('offline');
    expect(body.offline).toBe(true);
    expect(body.cached).toBe(false);
    expect(body.text.length).toBeGreaterThan(0);
    expect(body.usage.inputTokens).toBeGreaterThan(0);
    expect(body.usage.outputTokens).toBeGreaterThan(0);
    expect(body.usage.outputTokens).toBeLessThanOrEqual(32);
    expect(body.costMicroUsd).toBe(0);
  });

  it('streams tokens as Server-Sent Events, then a done event whose text is the tokens joined', async () => {
    const res = await complete(member, {
      model: 'offline',
      messages: [{ role: 'user', content: 'Explain the circle of fifths' }],
      system: 'Be brief',
      maxTokens: 48,
      cache: false,
      stream: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await res.text());
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.length).toBeGreaterThan(1);
    const last = events.at(-1)!;
    expect(last.event).toBe('done');
    expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
    expect(tokens.map((e) => e.data.text).join('')).toBe(last.data.text);
    expect(last.data).toMatchObject({ model: 'offline', offline: true, cached: false, costMicroUsd: 0 });
    expect(last.data.usage.outputTokens).toBeGreaterThan(0);
  });

  it('refuses before streaming with an ordinary JSON error', async () => {
    const res = await complete(member, { model: 'no-such-model', prompt: 'Hi', stream: true });
    expect(res.headers.get('content-type')).toContain('application/json');
    await expectError(res, 400, 'invalid_input');
  });

  it('answers the same request from the cache the second time, at no cost', async () => {
    const body = { model: 'offline', prompt: 'What is a cadence?', maxTokens: 24 };
    const first = await expectJson<Json>(await complete(member, body), 200);
    const second = await expectJson<Json>(await complete(member, body), 200);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.text).toBe(first.text);
    expect(second.usage).toEqual(first.usage);
    expect(second.costMicroUsd).toBe(0);
    expect(second.id).not.toBe(first.id);
    // Opting out skips the cache.
    const third = await expectJson<Json>(await complete(member, { ...body, cache: false }), 200);
    expect(third.cached).toBe(false);
    // A streamed hit arrives flagged as cached too.
    const streamed = parseSse(await (await complete(member, { ...body, stream: true })).text());
    expect(streamed.at(-1)).toMatchObject({ event: 'done', data: { cached: true, text: first.text } });
  });

  it('answers 400 for an unknown model and for invalid input', async () => {
    await expectError(await complete(member, { model: 'gpt-42', prompt: 'Hi' }), 400, 'invalid_input');
    await expectError(await complete(member, { model: 'offline' }), 400, 'invalid_input');
    await expectError(
      await complete(member, { model: 'offline', prompt: 'Hi', messages: [{ role: 'user', content: 'Hi' }] }),
      400,
      'invalid_input',
    );
    await expectError(await complete(member, { model: 'offline', prompt: 'Hi', temperature: 3 }), 400, 'invalid_input');
  });

  it('answers 403 for a model outside the free plan', async () => {
    const error = await expectError(
      await complete(member, { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', prompt: 'Hi' }),
      403,
      'forbidden',
    );
    expect(error.error.message).toContain('free');
  });

  it('answers 503 naming the setting for a catalog model whose provider is not configured', async () => {
    const error = await expectError(
      await complete(member, { model: 'anthropic.claude-3-haiku-20240307-v1:0', prompt: 'Hi', cache: false }),
      503,
      'unavailable',
    );
    expect(error.error.message).toContain('LLM_PROVIDER=bedrock');
  });

  it('audits a call in the usage ledger (with the request id), and a refusal before it in the audit log', async () => {
    const solo = await signUp(call, 'ai-audit@example.com');
    const soloOrg = solo.personalOrgId;
    const done = await complete(solo, { model: 'offline', prompt: 'Audit me', maxTokens: 16 }, soloOrg);
    const body = await expectJson<Json>(done, 200);
    const streamed = await complete(solo, { model: 'offline', prompt: 'Audit my stream', stream: true }, soloOrg);
    expect(parseSse(await streamed.text()).at(-1)?.event).toBe('done');
    await expectError(await complete(solo, { model: 'no-such-model', prompt: 'Hi' }, soloOrg), 400, 'invalid_input');
    // The ledger entry is the call's record: who, model, outcome and the request that made it.
    const entries = await platform.deps.itemStore.query({ pk: `T#${soloOrg}#AI_USAGE` });
    const byRequest = (requestId: string | null) =>
      entries.items.find((item) => item.data.requestId === requestId)?.data;
    expect(entries.items).toHaveLength(2);
    expect(byRequest(done.headers.get('x-request-id'))).toMatchObject({
      id: body.id,
      userId: solo.userId,
      model: 'offline',
      outcome: 'success',
    });
    expect(byRequest(streamed.headers.get('x-request-id'))).toMatchObject({ userId: solo.userId, outcome: 'success' });
    const audit = await expectJson<Json>(
      await call('GET', `/api/orgs/${soloOrg}/audit?action=ai.complete`, { token: solo.accessToken }),
      200,
    );
    expect(audit.items.map((entry: Json) => [entry.outcome, entry.details?.errorCode])).toEqual([
      ['failure', 'invalid_input'],
    ]);
  });
});

describe('GET /api/ai/usage', () => {
  it('reports the calls of the organisation by model and by user, admins only', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const before = await expectJson<Json>(
      await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=model`, as(admin)),
      200,
    );
    const made = await expectJson<Json>(
      await complete(admin, { model: 'offline', prompt: 'Count me', maxTokens: 16, cache: false }),
      200,
    );
    const byModel = await expectJson<Json>(
      await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=model`, as(admin)),
      200,
    );
    expect(byModel.totals.requests).toBe(before.totals.requests + 1);
    expect(byModel.totals.inputTokens).toBe(before.totals.inputTokens + made.usage.inputTokens);
    expect(byModel.totals.outputTokens).toBe(before.totals.outputTokens + made.usage.outputTokens);
    expect(byModel.groups.map((g: Json) => g.key)).toContain('offline');

    const byUser = await expectJson<Json>(
      await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=user`, as(owner)),
      200,
    );
    const adminGroup = byUser.groups.find((g: Json) => g.key === admin.userId);
    expect(adminGroup?.requests).toBeGreaterThanOrEqual(1);
    // The member's calls (including cache hits) are in the report too.
    const memberGroup = byUser.groups.find((g: Json) => g.key === member.userId);
    expect(memberGroup?.cachedRequests).toBeGreaterThanOrEqual(1);

    await expectError(
      await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=day`, as(member)),
      403,
      'forbidden',
    );
    await expectError(
      await call('GET', `/api/ai/usage?from=${to}&to=${from}&groupBy=day`, as(admin)),
      400,
      'invalid_input',
    );
    await expectError(
      await call('GET', `/api/ai/usage?from=${from}&to=${to}&groupBy=planet`, as(admin)),
      400,
      'invalid_input',
    );
  });

  it("cannot read another organisation's usage by naming it", async () => {
    const outsider = await signUp(call, 'ai-outsider@example.com');
    await expectError(
      await call('GET', '/api/ai/usage?from=2026-01-01&to=2026-02-01', as(outsider, orgId)),
      403,
      'forbidden',
    );
    await expectError(await call('GET', '/api/ai/limits', as(outsider, orgId)), 403, 'forbidden');
  });
});

describe('GET and PUT /api/ai/limits', () => {
  it('shows plan defaults; admins lower limits, members may not', async () => {
    const limits = await expectJson<Json>(await call('GET', '/api/ai/limits', as(admin)), 200);
    expect(limits.organizationId).toBe(orgId);
    expect(limits.plan).toBe('free');
    expect(limits.effective).toEqual(limits.planDefaults);
    await expectError(await call('GET', '/api/ai/limits', as(member)), 403, 'forbidden');

    const lowered = limits.planDefaults.tokensPerMinute - 1;
    const updated = await expectJson<Json>(
      await call('PUT', '/api/ai/limits', { ...as(admin), body: { limits: { tokensPerMinute: lowered } } }),
      200,
    );
    expect(updated.effective.tokensPerMinute).toBe(lowered);
    expect(updated.overrides).toEqual({ tokensPerMinute: lowered });

    await expectError(
      await call('PUT', '/api/ai/limits', { ...as(member), body: { limits: { tokensPerMinute: 1 } } }),
      403,
      'forbidden',
    );
    // Above the plan is not the organisation's to decide: only a platform admin raises limits.
    await expectError(
      await call('PUT', '/api/ai/limits', {
        ...as(admin),
        body: { limits: { tokensPerMinute: limits.planDefaults.tokensPerMinute + 1 } },
      }),
      403,
      'forbidden',
    );
    await expectError(
      await call('PUT', '/api/ai/limits', { ...as(admin), body: { limits: { tokensPerMinute: -1 } } }),
      400,
      'invalid_input',
    );
    await expectError(
      await call('PUT', '/api/ai/limits', { ...as(admin), body: { limits: { wishes: 3 } } }),
      400,
      'invalid_input',
    );
    // Platform ceilings are for platform admins only.
    await expectError(
      await call('PUT', '/api/ai/limits', { ...as(owner), body: { scope: 'platform', limits: { tokensPerDay: 1 } } }),
      403,
      'forbidden',
    );
    const reset = await expectJson<Json>(
      await call('PUT', '/api/ai/limits', { ...as(owner), body: { limits: { tokensPerMinute: null } } }),
      200,
    );
    expect(reset.effective.tokensPerMinute).toBe(limits.planDefaults.tokensPerMinute);
    expect(reset.overrides).toEqual({});
  });

  it('refuses calls with budget_exceeded once a lowered daily token limit is used up', async () => {
    // The owner's personal organisation, so this test's limits and counters touch no other test.
    const personal = owner.personalOrgId;
    const first = await expectJson<Json>(
      await complete(owner, { model: 'offline', prompt: 'Spend it', maxTokens: 16, cache: false }, personal),
      200,
    );
    const used = first.usage.inputTokens + first.usage.outputTokens;
    await expectJson(
      await call('PUT', '/api/ai/limits', { ...as(owner, personal), body: { limits: { tokensPerDay: used } } }),
      200,
    );
    const refused = await expectError(
      await complete(owner, { model: 'offline', prompt: 'Spend it', maxTokens: 16, cache: false }, personal),
      402,
      'budget_exceeded',
    );
    expect(refused.error.details).toMatchObject({ limit: 'tokensPerDay', scope: 'org' });
    // Streaming is refused the same way, before any event.
    const res = await complete(
      owner,
      { model: 'offline', prompt: 'Spend it', maxTokens: 16, cache: false, stream: true },
      personal,
    );
    await expectError(res, 402, 'budget_exceeded');
    // Raising it back lets calls through again.
    await expectJson(
      await call('PUT', '/api/ai/limits', { ...as(owner, personal), body: { limits: { tokensPerDay: null } } }),
      200,
    );
    await expectJson(
      await complete(owner, { model: 'offline', prompt: 'Spend it', maxTokens: 16, cache: false }, personal),
      200,
    );
  });

  it('refuses calls over a lowered requests-per-minute limit with 429 and Retry-After', async () => {
    const solo = await signUp(call, 'ai-solo@example.com');
    const personal = solo.personalOrgId;
    await expectJson(
      await call('PUT', '/api/ai/limits', { ...as(solo, personal), body: { limits: { requestsPerMinute: 1 } } }),
      200,
    );
    const body = { model: 'offline', prompt: 'Once a minute', maxTokens: 8, cache: false };
    const first = await complete(solo, body, personal);
    const second = await complete(solo, body, personal);
    // Both calls may straddle a minute boundary; then the second is the first of its minute.
    const statuses = [first.status, second.status];
    expect(statuses[0]).toBe(200);
    if (statuses[1] !== 200) {
      expect(second.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      await expectError(second, 429, 'rate_limited');
    } else {
      const third = await complete(solo, body, personal);
      expect(third.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      await expectError(third, 429, 'rate_limited');
    }
  });
});
