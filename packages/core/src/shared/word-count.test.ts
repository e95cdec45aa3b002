import { describe, expect, it } from 'vitest';
import { countWords } from './word-count.ts';

describe('countWords', () => {
  it('counts pieces with a letter or digit, not markup on its own', () => {
    expect(countWords('# Perceptrons\n\nA perceptron **weighs** its inputs - 2 of them.')).toBe(9);
    expect(countWords('  ')).toBe(0);
    expect(countWords('Größe 語 42')).toBe(3);
  });
});
