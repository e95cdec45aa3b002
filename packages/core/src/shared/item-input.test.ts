import { describe, expect, it } from 'vitest';
import { checkGetManyKeys } from './item-input.ts';
import { checkTransaction } from './item-writes.ts';

// Keys may hold any character, NUL included: two keys that only line up once pk and sk are joined
// must still count as two items.
const joinedAlike = [
  { pk: 'a\u0000b', sk: 'c' },
  { pk: 'a', sk: 'b\u0000c' },
];

describe('repeated item keys', () => {
  it('getMany keeps keys apart that a separator would merge, and drops real repeats', () => {
    expect(checkGetManyKeys([...joinedAlike, { ...joinedAlike[0]! }])).toEqual(joinedAlike);
  });

  it('a transaction accepts such keys as distinct items and rejects a real repeat', () => {
    const deletes = joinedAlike.map((key) => ({ kind: 'delete' as const, key }));
    expect(checkTransaction(deletes)).toHaveLength(2);
    expect(() => checkTransaction([...deletes, deletes[1]!])).toThrow(/at most once/);
  });
});
