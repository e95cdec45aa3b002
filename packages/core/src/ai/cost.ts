/**
 * Integer micro-USD cost of a call. BigInt keeps the product exact (tokens × price per million can
 * pass 2^53 for long contexts on expensive models); the result is rounded up so that many tiny calls
 * can never add up to free usage.
 */
import type { CatalogModel } from './model-catalog.ts';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

const million = 1_000_000n;

export function costOf(
  model: Pick<CatalogModel, 'inputMicroUsdPerMillion' | 'outputMicroUsdPerMillion'>,
  usage: TokenUsage,
): number {
  const total =
    BigInt(usage.inputTokens) * BigInt(model.inputMicroUsdPerMillion) +
    BigInt(usage.outputTokens) * BigInt(model.outputMicroUsdPerMillion);
  return Number((total + million - 1n) / million);
}
