import { describe, expect, it } from 'vitest';
import { haiku } from './ai-test-kit.ts';
import { costOf } from './cost.ts';
import { defaultModelCatalog, findModel } from './model-catalog.ts';

const model = findModel(defaultModelCatalog, haiku);
if (!model) throw new Error('haiku missing from the catalog');

describe('costOf', () => {
  it('prices input and output per million tokens in micro-USD', () => {
    // 1000 × 0.25 USD/M + 1000 × 1.25 USD/M = 0.0015 USD
    expect(costOf(model, { inputTokens: 1000, outputTokens: 1000 })).toBe(1500);
  });

  it('rounds up, so tiny calls are never free', () => {
    expect(costOf(model, { inputTokens: 1, outputTokens: 0 })).toBe(1);
    expect(costOf(model, { inputTokens: 4, outputTokens: 0 })).toBe(1);
    expect(costOf(model, { inputTokens: 5, outputTokens: 0 })).toBe(2);
    expect(costOf(model, { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    const pricey = { inputMicroUsdPerMillion: 999_999_999_999, outputMicroUsdPerMillion: 0 };
    expect(costOf(pricey, { inputTokens: 9_007_199, outputTokens: 0 })).toBe(9_007_198_999_991);
  });

  it('prices the offline model at zero', () => {
    const offline = findModel(defaultModelCatalog, 'offline');
    expect(offline && costOf(offline, { inputTokens: 10_000, outputTokens: 10_000 })).toBe(0);
  });
});
