import { describe, expect, it } from 'vitest';
import { dollarsToMicroUsd, formatUsd, microUsdToDollars } from './money.ts';

describe('money', () => {
  it('formats micro-USD as dollars, keeping sub-cent amounts visible', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(27)).toBe('$0.000027');
    expect(formatUsd(1_250_000)).toBe('$1.25');
    expect(formatUsd(1_234_567)).toBe('$1.234567');
    expect(formatUsd(1_000_000_000)).toBe('$1,000.00');
  });

  it('parses typed dollars exactly and refuses anything else', () => {
    expect(dollarsToMicroUsd('0.000001')).toBe(1);
    expect(dollarsToMicroUsd('12')).toBe(12_000_000);
    expect(dollarsToMicroUsd(' 0.5 ')).toBe(500_000);
    expect(dollarsToMicroUsd('0.29')).toBe(290_000);
    for (const bad of ['', '-1', '1.0000001', 'abc', '1e3', '.5']) expect(dollarsToMicroUsd(bad)).toBeNull();
  });

  it('round-trips micro-USD through the input text', () => {
    for (const value of [0, 1, 500_000, 2_500_000, 1_000_000]) {
      expect(dollarsToMicroUsd(microUsdToDollars(value))).toBe(value);
    }
    expect(microUsdToDollars(2_500_000)).toBe('2.5');
  });
});
