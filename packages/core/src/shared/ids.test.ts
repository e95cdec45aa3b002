import { describe, expect, it } from 'vitest';
import { createIds } from './ids.ts';

describe('createIds', () => {
  it('makes prefixed 26-character ULIDs, strictly increasing within one millisecond', () => {
    const ids = createIds(() => Date.UTC(2026, 0, 1));
    const made = Array.from({ length: 1000 }, () => ids.next('req'));
    for (const id of made) expect(id).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('draws fresh randomness for each new millisecond, across many refills of its pool', () => {
    let now = Date.UTC(2026, 0, 1);
    const ids = createIds(() => now++);
    // 2,000 ids take 16 random digits each: the 4 KiB pool is refilled several times.
    const randomParts = Array.from({ length: 2000 }, () => ids.next('x').slice(-16));
    expect(new Set(randomParts).size).toBe(randomParts.length);
    // Every base-32 digit shows up in every position: the values are not stuck or biased to a few.
    for (let position = 0; position < 16; position++) {
      expect(new Set(randomParts.map((part) => part[position])).size).toBe(32);
    }
  });
});
