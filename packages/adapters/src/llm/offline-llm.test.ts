import { describeLlmProviderContract } from '@diatonic/core/testing';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.ts';
import { createOfflineLlm } from './offline-llm.ts';

describeLlmProviderContract('offline', () => ({ provider: createOfflineLlm(), model: 'offline-small' }));

const ask = (content: string, extra: { maxTokens?: number; stop?: string[]; model?: string } = {}) => ({
  model: extra.model ?? 'offline-small',
  messages: [{ role: 'user' as const, content }],
  maxTokens: extra.maxTokens ?? 500,
  ...(extra.stop ? { stop: extra.stop } : {}),
});

describe('offline LLM', () => {
  const llm = createOfflineLlm();

  it('is deterministic, labelled offline, and echoes the question', async () => {
    const first = await llm.complete(ask('What is the capital of France?'));
    const again = await llm.complete(ask('What is the capital of France?'));
    const other = await llm.complete(ask('What is the capital of Spain?'));
    expect(first).toEqual(again);
    expect(first.text).not.toBe(other.text);
    expect(first.text.startsWith('[offline model]')).toBe(true);
    expect(first.text).toContain('What is the capital of France?');
    expect(first.offline).toBe(true);
    expect(first.provider).toBe('offline');
    expect(first.stopReason).toBe('end');
  });

  it('cuts at maxTokens on a word boundary and counts exactly what it emitted', async () => {
    const full = await llm.complete(ask('Explain event sourcing'));
    const short = await llm.complete(ask('Explain event sourcing', { maxTokens: 7 }));
    expect(short.stopReason).toBe('max_tokens');
    expect(short.usage.outputTokens).toBeLessThanOrEqual(7);
    expect(short.usage.outputTokens).toBe(estimateTokens(short.text));
    expect(full.text.startsWith(short.text)).toBe(true);
    expect(full.usage.outputTokens).toBeGreaterThan(short.usage.outputTokens);
  });

  it('stops before a stop sequence', async () => {
    const result = await llm.complete(ask('hello there', { stop: ['deterministic'] }));
    expect(result.stopReason).toBe('stop_sequence');
    expect(result.text).not.toContain('deterministic');
    expect(result.text.startsWith('[offline model]')).toBe(true);
  });

  it('counts more input tokens for a longer prompt', async () => {
    const small = await llm.complete(ask('hi'));
    const large = await llm.complete(ask('hi '.repeat(200)));
    expect(large.usage.inputTokens).toBeGreaterThan(small.usage.inputTokens + 150);
  });
});
