import { describe, expect, it } from 'vitest';
import { llmUpstreamError } from '../ports/llm-provider.ts';
import { AppError } from '../shared/errors.ts';
import { createAiTestKit, haiku, testActor } from './ai-test-kit.ts';
import { costOf } from './cost.ts';
import type { CompletionView } from './gateway-call.ts';
import { aiCounterKey, aiUsagePartition } from './keys.ts';
import { defaultModelCatalog, findModel } from './model-catalog.ts';
import type { CompleteInput } from './prepare-call.ts';
import { stream } from './stream.ts';
import { countPromptTokens, countTokens, loadTokenizer } from './token-count.ts';
import type { UsageEntry } from './usage-ledger.ts';

await loadTokenizer();
const haikuModel = findModel(defaultModelCatalog, haiku);
if (!haikuModel) throw new Error('haiku missing');
const prompt = 'Tell a story';
const input: CompleteInput = { model: haiku, prompt, maxTokens: 100 };

async function drain(events: AsyncIterable<{ type: string; text?: string; completion?: CompletionView }>) {
  const deltas: string[] = [];
  let done: CompletionView | undefined;
  for await (const event of events) {
    if (event.type === 'delta' && event.text !== undefined) deltas.push(event.text);
    if (event.type === 'done') done = event.completion;
  }
  return { deltas, done };
}

async function monthSpend(kit: ReturnType<typeof createAiTestKit>) {
  const month = new Date(kit.clock.nowMs()).toISOString().slice(0, 7);
  return (await kit.deps.store.get(aiCounterKey('org_one', { kind: 'org' }, 'M', month)))?.data.microUsd ?? 0;
}

async function ledger(kit: ReturnType<typeof createAiTestKit>): Promise<UsageEntry[]> {
  return (await kit.deps.store.query<UsageEntry>({ pk: aiUsagePartition('org_one') })).items.map((i) => i.data);
}

describe('stream', () => {
  it('yields deltas, then one done with usage and cost', async () => {
    const kit = createAiTestKit({ text: 'Once upon a time', usage: { inputTokens: 9, outputTokens: 4 } });
    const { deltas, done } = await drain(stream(kit.deps, testActor(), input));
    expect(deltas.join('')).toBe('Once upon a time');
    expect(deltas.length).toBeGreaterThan(1);
    expect(done).toMatchObject({ text: 'Once upon a time', cached: false, usage: { inputTokens: 9, outputTokens: 4 } });
    expect(await monthSpend(kit)).toBe(costOf(haikuModel, { inputTokens: 9, outputTokens: 4 }));
    // The second identical stream is a cache hit delivered as one delta.
    const again = await drain(stream(kit.deps, testActor(), input));
    expect(again.deltas).toEqual(['Once upon a time']);
    expect(again.done?.cached).toBe(true);
    expect(kit.llm.calls).toHaveLength(1);
  });

  it('throws refusals on the first next(), before any delta', async () => {
    const kit = createAiTestKit();
    const events = stream(kit.deps, testActor({ plan: 'free' }), { ...input, model: 'nope' });
    await expect(events.next()).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('releases everything when the provider fails before the first token', async () => {
    const kit = createAiTestKit({ text: '', error: llmUpstreamError('scripted', 'down', { retryable: true }) });
    const error = await drain(stream(kit.deps, testActor(), input)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('upstream_failed');
    expect(await monthSpend(kit)).toBe(0);
    expect((await ledger(kit))[0]).toMatchObject({ outcome: 'failure', costMicroUsd: 0 });
  });

  it('charges the prompt and the streamed part when a stream is cut midway', async () => {
    const kit = createAiTestKit({ text: 'one two three four', cutAfterChunks: 2 });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of stream(kit.deps, testActor(), input)) {
        if (event.type === 'delta') deltas.push(event.text);
      }
    })().catch((e: unknown) => e);
    expect((error as AppError).code).toBe('upstream_failed');
    expect(deltas).toEqual(['one', ' two']);
    const expected = costOf(haikuModel, {
      inputTokens: countPromptTokens({ messages: [{ role: 'user', content: prompt }] }),
      outputTokens: countTokens('one two'),
    });
    expect(await monthSpend(kit)).toBe(expected);
    expect((await ledger(kit))[0]).toMatchObject({ outcome: 'failure', costMicroUsd: expected });
  });

  it('settles what was produced when the consumer stops early', async () => {
    const kit = createAiTestKit({ text: 'alpha beta gamma delta' });
    for await (const event of stream(kit.deps, testActor(), input)) {
      if (event.type === 'delta') break;
    }
    const expected = costOf(haikuModel, {
      inputTokens: countPromptTokens({ messages: [{ role: 'user', content: prompt }] }),
      outputTokens: countTokens('alpha'),
    });
    expect(await monthSpend(kit)).toBe(expected);
    const entries = await ledger(kit);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'failure', errorCode: 'unavailable' });
  });
});
