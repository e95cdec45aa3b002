import { describe, expect, it } from 'vitest';
import { describeLlmProviderContract, llmContractLongPrompt } from '../ports/llm-provider.contract.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import { scriptedLlm } from './scripted-llm.ts';

describeLlmProviderContract('scriptedLlm', () => ({
  model: 'scripted-1',
  provider: scriptedLlm((request) =>
    request.messages.at(-1)?.content === llmContractLongPrompt
      ? { text: 'word '.repeat(10_000), chunkDelayMs: 1 }
      : { text: 'Red, yellow and blue.', usage: { inputTokens: 12, outputTokens: 6 } },
  ),
}));

const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 10 };

describe('scriptedLlm', () => {
  it('answers in script order, records calls, and says when the script ran out', async () => {
    const llm = scriptedLlm([{ text: 'one' }, { text: 'two', usage: { inputTokens: 5, outputTokens: 7 } }]);
    expect((await llm.complete(ask)).text).toBe('one');
    const second = await llm.complete(ask);
    expect(second.usage).toEqual({ inputTokens: 5, outputTokens: 7 });
    await expect(llm.complete(ask)).rejects.toThrow(/no response left/);
    expect(llm.calls).toHaveLength(3);
  });

  it('throws the scripted error and cuts streams without a done event', async () => {
    const failing = scriptedLlm({ text: 'x', error: AppError.rateLimited(1000) });
    const error = await failing.complete(ask).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('rate_limited');

    const cut = scriptedLlm({ text: 'a b c d', cutAfterChunks: 2 });
    const seen: string[] = [];
    const cutError = await (async () => {
      for await (const event of cut.stream(ask)) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(isAppError(cutError) && cutError.code).toBe('upstream_failed');
    expect(seen).toEqual(['delta', 'delta']);
  });
});
