import { beforeAll, describe, expect, it } from 'vitest';
import { countPromptTokens, countTokens, loadTokenizer } from './token-count.ts';

// Runs first (a fresh module per test file): nothing has loaded the ranks yet.
describe('loadTokenizer', () => {
  it('is required before counting, and loads the ranks once however often it is called', async () => {
    expect(() => countTokens('hello world')).toThrow(/loadTokenizer/);
    expect(countTokens('')).toBe(0);
    const first = loadTokenizer();
    expect(loadTokenizer()).toBe(first);
    await first;
    expect(countTokens('hello world')).toBe(2);
  });
});

describe('countTokens (cl100k_base)', () => {
  beforeAll(() => loadTokenizer());

  it('counts real BPE tokens, not characters or words', () => {
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('')).toBe(0);
    expect(countTokens('antidisestablishmentarianism')).toBeGreaterThan(1);
  });

  it('treats special-token text as plain text instead of throwing', () => {
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('adds the chat framing per message and per reply', () => {
    const one = countPromptTokens({ messages: [{ role: 'user', content: 'hello world' }] });
    expect(one).toBe(3 + 4 + 2);
    const withSystem = countPromptTokens({
      system: 'hello world',
      messages: [{ role: 'user', content: 'hello world' }],
    });
    expect(withSystem).toBe(one + 4 + 2);
  });
});
