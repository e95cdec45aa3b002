/**
 * Contract: queries by partition key and sort-key condition, on the table and on each index, in both
 * directions; sort keys order by UTF-8 bytes; a partition never leaks into another.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexName, ItemStore, NewItem, SortKeyCondition, StoredItem } from '../item-store.ts';
import { type ContractContext, expectAppError, putAll } from './contract-context.ts';

/** Where a query looks: the table, or an index; `place` files an item under (pk, sort key) there. */
export interface QueryTarget {
  name: string;
  index?: IndexName;
  place(pk: string, sortKey: string, n: number): NewItem;
  sortKeyOf(item: StoredItem): string | undefined;
}

export const queryTargets: QueryTarget[] = [
  { name: 'the table', place: (pk, sk, n) => ({ pk, sk, data: { n } }), sortKeyOf: (item) => item.sk },
  {
    name: 'gsi1',
    index: 'gsi1',
    place: (pk, sk, n) => ({ pk: `${pk}/item`, sk: `n${n}`, gsi1pk: pk, gsi1sk: sk, data: { n } }),
    sortKeyOf: (item) => item.gsi1sk,
  },
  {
    name: 'gsi2',
    index: 'gsi2',
    place: (pk, sk, n) => ({ pk: `${pk}/item#${n}`, sk: 'x', gsi2pk: pk, gsi2sk: sk, data: { n } }),
    sortKeyOf: (item) => item.gsi2sk,
  },
];

const sortKeys = ['a#1', 'a#2', 'a#3', 'ab#1', 'b#1', 'b#2', 'c'];

/** Sort-key conditions and the keys (of `sortKeys`, ascending) each selects. */
const conditions: [string, SortKeyCondition | undefined, string[]][] = [
  ['no condition', undefined, sortKeys],
  ['beginsWith a#', { beginsWith: 'a#' }, ['a#1', 'a#2', 'a#3']],
  ['beginsWith a', { beginsWith: 'a' }, ['a#1', 'a#2', 'a#3', 'ab#1']],
  ['beginsWith nothing matching', { beginsWith: 'zz' }, []],
  ['between (inclusive)', { between: ['a#2', 'b#1'] }, ['a#2', 'a#3', 'ab#1', 'b#1']],
  ['eq', { eq: 'b#1' }, ['b#1']],
  ['lt', { lt: 'ab#1' }, ['a#1', 'a#2', 'a#3']],
  ['lte', { lte: 'ab#1' }, ['a#1', 'a#2', 'a#3', 'ab#1']],
  ['gt', { gt: 'b#1' }, ['b#2', 'c']],
  ['gte', { gte: 'b#1' }, ['b#1', 'b#2', 'c']],
];

/** Ascending by UTF-8 bytes: ASCII, Latin-1, CJK, private use, replacement char, then emoji. */
const unicodeOrder = ['A', 'a', 'z', '~', 'é', 'é\u0301', '中', '中文', '\uE000', '\uFFFD', '😀', '😀!', '🤖'];

export function describeQueryCases(t: ContractContext): void {
  describe('queries', () => {
    const store = (): ItemStore => t.store();

    for (const target of queryTargets) {
      describe(`on ${target.name}`, () => {
        let pk = '';
        beforeAll(async () => {
          const ns = t.namespace();
          pk = `${ns}P`;
          const items = sortKeys.map((sk, n) => target.place(pk, sk, n));
          // Neighbours whose partition keys extend or precede this one must never show up.
          items.push(...sortKeys.map((sk, n) => target.place(`${pk}x`, sk, 100 + n)));
          items.push(...sortKeys.map((sk, n) => target.place(`${ns}`, sk, 200 + n)));
          await putAll(store(), items);
        });

        it.each(conditions)('selects by %s, ascending and descending', async (_, sk, expected) => {
          const forward = await store().query({ index: target.index, pk, ...(sk ? { sk } : {}) });
          expect(forward.items.map((item) => target.sortKeyOf(item))).toEqual(expected);
          expect(forward.nextCursor).toBeNull();
          const backward = await store().query({ index: target.index, pk, reverse: true, ...(sk ? { sk } : {}) });
          expect(backward.items.map((item) => target.sortKeyOf(item))).toEqual([...expected].reverse());
          expect(backward.nextCursor).toBeNull();
        });

        it('returns whole items, as get does', async () => {
          const { items } = await store().query({ index: target.index, pk, sk: { eq: 'ab#1' } });
          expect(items).toHaveLength(1);
          expect(items[0]).toEqual(await store().get(items[0]!));
          expect(items[0]!.data).toEqual({ n: 3 });
        });

        it('orders sort keys by UTF-8 bytes and matches unicode prefixes and ranges', async () => {
          const upk = `${t.namespace()}U`;
          const shuffled = unicodeOrder.map((sk, n) => target.place(upk, sk, n)).reverse();
          await putAll(store(), shuffled);
          const keysOf = (items: StoredItem[]) => items.map((item) => target.sortKeyOf(item));
          expect(keysOf((await store().query({ index: target.index, pk: upk })).items)).toEqual(unicodeOrder);
          const down = await store().query({ index: target.index, pk: upk, reverse: true });
          expect(keysOf(down.items)).toEqual([...unicodeOrder].reverse());
          const emoji = await store().query({ index: target.index, pk: upk, sk: { beginsWith: '😀' } });
          expect(keysOf(emoji.items)).toEqual(['😀', '😀!']);
          const cjk = await store().query({ index: target.index, pk: upk, sk: { between: ['中', '\uFFFD'] } });
          expect(keysOf(cjk.items)).toEqual(['中', '中文', '\uE000', '\uFFFD']);
          const above = await store().query({ index: target.index, pk: upk, sk: { gt: '\uFFFD' } });
          expect(keysOf(above.items)).toEqual(['😀', '😀!', '🤖']);
        });
      });
    }

    it('never returns items of another partition key, even one that extends it', async () => {
      const ns = t.namespace();
      await putAll(store(), [
        { pk: `${ns}T#a`, sk: 'x#1', gsi1pk: `${ns}G#a`, gsi1sk: 'x#1', data: { owner: 'a' } },
        { pk: `${ns}T#ab`, sk: 'x#1', gsi1pk: `${ns}G#ab`, gsi1sk: 'x#1', data: { owner: 'ab' } },
        { pk: `${ns}T#ab`, sk: 'x#2', gsi1pk: `${ns}G#ab`, gsi1sk: 'x#2', data: { owner: 'ab' } },
        { pk: `${ns}T#`, sk: 'x#1', gsi1pk: `${ns}G#`, gsi1sk: 'x#1', data: { owner: '' } },
      ]);
      const owners = async (index: IndexName | undefined, pk: string) =>
        (await store().query({ index, pk, sk: { beginsWith: 'x' } })).items.map((item) => item.data.owner);
      expect(await owners(undefined, `${ns}T#a`)).toEqual(['a']);
      expect(await owners(undefined, `${ns}T#`)).toEqual(['']);
      expect(await owners(undefined, `${ns}T`)).toEqual([]);
      expect(await owners('gsi1', `${ns}G#a`)).toEqual(['a']);
      expect(await owners('gsi1', `${ns}G#ab`)).toEqual(['ab', 'ab']);
    });

    it('returns an empty page for a partition with no items', async () => {
      expect(await store().query({ pk: `${t.namespace()}empty` })).toEqual({ items: [], nextCursor: null });
    });

    it('rejects a malformed query with invalid_input', async () => {
      const pk = `${t.namespace()}P`;
      for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
        await expectAppError(store().query({ pk, limit }), 'invalid_input');
      }
      await expectAppError(store().query({ pk: '' }), 'invalid_input');
      await expectAppError(store().query({ pk, index: 'gsi9' as IndexName }), 'invalid_input');
      await expectAppError(
        store().query({ pk, sk: { between: ['a'] } as unknown as SortKeyCondition }),
        'invalid_input',
      );
      await expectAppError(store().query({ pk, sk: { eq: 5 } as unknown as SortKeyCondition }), 'invalid_input');
      await expectAppError(store().query({ pk, sk: { near: 'a' } as unknown as SortKeyCondition }), 'invalid_input');
    });
  });
}
