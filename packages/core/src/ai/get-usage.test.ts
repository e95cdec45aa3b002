import { describe, expect, it } from 'vitest';
import type { AppError } from '../shared/errors.ts';
import { createAiTestKit, haiku, testActor } from './ai-test-kit.ts';
import { complete } from './complete.ts';
import { getUsage } from './get-usage.ts';

const range = { from: '2026-03-01', to: '2026-04-01' };

describe('getUsage', () => {
  it('totals and groups the ledger by day, user, model and agent, with the budget', async () => {
    const kit = createAiTestKit({ text: 'x', usage: { inputTokens: 1000, outputTokens: 1000 } });
    const alice = testActor();
    const bob = testActor({ userId: 'usr_bob', role: 'member' });
    await complete(kit.deps, alice, { model: haiku, prompt: 'a', agentId: 'agt_1', runId: 'run_1' });
    await complete(kit.deps, bob, { model: 'offline', prompt: 'b' });
    kit.clock.advance(86_400_000);
    await complete(kit.deps, bob, { model: haiku, prompt: 'c' });

    const byUser = await getUsage(kit.deps, alice, { ...range, groupBy: 'user' });
    expect(byUser.totals).toMatchObject({ requests: 3, inputTokens: 3000, outputTokens: 3000, costMicroUsd: 3000 });
    expect(byUser.groups.map((g) => [g.key, g.requests, g.costMicroUsd])).toEqual([
      ['usr_alice', 1, 1500],
      ['usr_bob', 2, 1500],
    ]);
    const byDay = await getUsage(kit.deps, alice, { ...range, groupBy: 'day' });
    expect(byDay.groups.map((g) => [g.key, g.requests])).toEqual([
      ['2026-03-10', 2],
      ['2026-03-11', 1],
    ]);
    const byModel = await getUsage(kit.deps, alice, { ...range, groupBy: 'model' });
    expect(byModel.groups.map((g) => [g.key, g.costMicroUsd])).toEqual([
      [haiku, 3000],
      ['offline', 0],
    ]);
    const byAgent = await getUsage(kit.deps, alice, { ...range, groupBy: 'agent' });
    expect(byAgent.groups.map((g) => [g.key, g.requests])).toEqual([
      ['agt_1', 1],
      [null, 2],
    ]);
    expect(byUser.budget).toEqual({
      month: '2026-03',
      limitMicroUsd: 1_000_000,
      usedMicroUsd: 3000,
      remainingMicroUsd: 997_000,
    });

    const narrow = await getUsage(kit.deps, alice, { from: '2026-03-11', to: '2026-03-12', groupBy: 'user' });
    expect(narrow.totals.requests).toBe(1);
  });

  it('never shows another organisation and requires ai:usage_read', async () => {
    const kit = createAiTestKit();
    await complete(kit.deps, testActor(), { model: haiku, prompt: 'a' });
    const other = await getUsage(kit.deps, testActor({ orgId: 'org_two' }), { ...range, groupBy: 'user' });
    expect(other.totals.requests).toBe(0);
    const error = await getUsage(kit.deps, testActor({ role: 'member' }), { ...range, groupBy: 'user' }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe('forbidden');
  });

  it('validates the range and grouping', async () => {
    const kit = createAiTestKit();
    const actor = testActor();
    for (const input of [
      { from: 'yesterday', to: '2026-04-01', groupBy: 'day' },
      { from: '2026-04-01', to: '2026-03-01', groupBy: 'day' },
      { from: '2024-01-01', to: '2026-03-01', groupBy: 'day' },
      { ...range, groupBy: 'colour' },
    ]) {
      const error = await getUsage(kit.deps, actor, input as never).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('invalid_input');
    }
  });
});
