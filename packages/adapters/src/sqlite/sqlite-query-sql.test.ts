import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from './sqlite-query-sql.ts';

/** Code point order, which is UTF-8 byte order and SQLite's BINARY order. */
const below = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;

describe('prefixUpperBound', () => {
  it('increments the last code point', () => {
    expect(prefixUpperBound('a#')).toBe('a$');
    expect(prefixUpperBound('中')).toBe('丮');
    expect(prefixUpperBound('x😀')).toBe('x😁');
  });

  it('skips the surrogate range and drops trailing U+10FFFF', () => {
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
    expect(prefixUpperBound('a\u{10FFFF}\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('')).toBeUndefined();
  });

  it('bounds every string with the prefix and nothing that sorts between them', () => {
    const prefix = 'T#\uFFFF';
    const high = prefixUpperBound(prefix)!;
    for (const s of [prefix, `${prefix}\u{10FFFF}`, `${prefix}😀`, `${prefix}${'\uFFFF'.repeat(5)}`]) {
      expect(below(s, high)).toBe(true);
    }
    expect(below('T#\u{10000}', high)).toBe(false);
  });
});
