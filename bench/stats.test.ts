import { describe, expect, it } from 'vitest';
import { median, percentileOfSorted } from './stats.ts';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list instead of inventing a number', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('percentileOfSorted', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank', () => {
    expect(percentileOfSorted(hundred, 50)).toBe(50);
    expect(percentileOfSorted(hundred, 95)).toBe(95);
    expect(percentileOfSorted(hundred, 99)).toBe(99);
    expect(percentileOfSorted(hundred, 100)).toBe(100);
    expect(percentileOfSorted([7, 8, 9], 0)).toBe(7);
  });

  it('rejects percentiles outside 0–100', () => {
    expect(() => percentileOfSorted(hundred, 101)).toThrow(/0–100/);
  });
});
