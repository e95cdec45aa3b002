/**
 * Contract: paging through many pages in both directions loses and repeats nothing; cursors are
 * opaque and bound to their query. Pages may be shorter than the limit (DynamoDB filters expired
 * items after applying it), so completeness is what is checked, not page sizes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ItemStore, NewItem, QueryInput } from '../item-store.ts';
import { type ContractContext, expectAppError, keyId, putAll, queryAll } from './contract-context.ts';

const total = 250;
const pageSize = 7;

export function describePaginationCases(t: ContractContext): void {
  describe('pagination', () => {
    const store = (): ItemStore => t.store();
    let pk = '';
    let gsiPk = '';
    const pad = (n: number) => String(n).padStart(4, '0');

    beforeAll(async () => {
      const ns = t.namespace();
      pk = `${ns}T#page`;
      gsiPk = `${ns}G#page`;
      // gsi2 sort keys repeat (5 items share each), so page boundaries fall inside runs of equal keys.
      const items: NewItem[] = Array.from({ length: total }, (_, i) => ({
        pk,
        sk: `item#${pad(i)}`,
        gsi2pk: gsiPk,
        gsi2sk: `rank#${pad(i % 50)}`,
        data: { i },
      }));
      await putAll(store(), items);
    });

    const expectComplete = async (input: QueryInput, expectedIds: number[]) => {
      const { items, pageSizes } = await queryAll(store(), { ...input, limit: pageSize });
      expect(items.map((item) => item.data.i)).toEqual(expectedIds);
      for (const size of pageSizes) expect(size).toBeLessThanOrEqual(pageSize);
      expect(pageSizes.length).toBeGreaterThanOrEqual(Math.ceil(expectedIds.length / pageSize));
      return items;
    };
    const ascending = Array.from({ length: total }, (_, i) => i);

    it(`walks ${total} items in pages of ${pageSize} with no gaps and no repeats, forwards and backwards`, async () => {
      await expectComplete({ pk }, ascending);
      await expectComplete({ pk, reverse: true }, [...ascending].reverse());
    });

    it('pages through a sort-key range', async () => {
      const inRange = ascending.filter((i) => i >= 40 && i <= 139);
      await expectComplete({ pk, sk: { between: [`item#${pad(40)}`, `item#${pad(139)}`] } }, inRange);
      await expectComplete({ pk, sk: { beginsWith: 'item#01' }, reverse: true }, ascending.slice(100, 200).reverse());
    });

    it('pages through an index whose sort keys repeat, in key order, each item once', async () => {
      for (const reverse of [false, true]) {
        const { items } = await queryAll(store(), { index: 'gsi2', pk: gsiPk, limit: pageSize, reverse });
        const ids = items.map(keyId);
        expect(new Set(ids).size).toBe(total);
        expect(ids).toHaveLength(total);
        const ranks = items.map((item) => item.gsi2sk!);
        const sorted = [...ranks].sort();
        expect(ranks).toEqual(reverse ? sorted.reverse() : sorted);
      }
    });

    it('returns nextCursor null once the last item has been returned, and accepts a new limit mid-way', async () => {
      const first = await store().query({ pk, limit: 200 });
      expect(first.items).toHaveLength(200);
      expect(first.nextCursor).not.toBeNull();
      const rest = await store().query({ pk, limit: 1000, cursor: first.nextCursor! });
      expect(rest.items.map((item) => item.data.i)).toEqual(ascending.slice(200));
      expect(rest.nextCursor).toBeNull();
      // A page that ends exactly on the last item says so.
      const exact = await store().query({ pk, limit: total - 200, cursor: first.nextCursor! });
      expect(exact.items).toHaveLength(total - 200);
      expect(exact.nextCursor).toBeNull();
      expect((await store().query({ pk, limit: 1000 })).nextCursor).toBeNull();
    });

    it('rejects a tampered or forged cursor with invalid_input', async () => {
      const { nextCursor } = await store().query({ pk, limit: 3 });
      expect(typeof nextCursor).toBe('string');
      const cursor = nextCursor!;
      const alter = (at: number) => cursor.slice(0, at) + (cursor[at] === 'A' ? 'B' : 'A') + cursor.slice(at + 1);
      const forged = `${Buffer.from(JSON.stringify({ pk, sk: 'item#0100' })).toString('base64url')}.${'A'.repeat(43)}`;
      const bad = [
        alter(2),
        alter(Math.floor(cursor.length / 2)),
        alter(cursor.length - 1),
        cursor.slice(0, -1),
        `${cursor}A`,
      ];
      for (const attempt of [...bad, forged, '', 'not-a-cursor', '.', `${cursor}.${cursor}`]) {
        const error = await expectAppError(store().query({ pk, limit: 3, cursor: attempt }), 'invalid_input');
        expect(error.message).toMatch(/cursor/i);
      }
    });

    it('rejects a cursor reused on a different query with invalid_input', async () => {
      const { nextCursor } = await store().query({ pk, limit: 3 });
      const cursor = nextCursor!;
      const others: QueryInput[] = [
        { pk: `${pk}x` },
        { pk, reverse: true },
        { pk, sk: { beginsWith: 'item#' } },
        { index: 'gsi2', pk },
        { index: 'gsi1', pk },
      ];
      for (const other of others) await expectAppError(store().query({ ...other, limit: 3, cursor }), 'invalid_input');
      const gsiCursor = (await store().query({ index: 'gsi2', pk: gsiPk, limit: 3 })).nextCursor!;
      await expectAppError(store().query({ index: 'gsi1', pk: gsiPk, limit: 3, cursor: gsiCursor }), 'invalid_input');
      await expectAppError(store().query({ pk: gsiPk, limit: 3, cursor: gsiCursor }), 'invalid_input');
      // The genuine cursor still works on its own query.
      const next = await store().query({ pk, limit: 3, cursor });
      expect(next.items.map((item) => item.data.i)).toEqual([3, 4, 5]);
    });
  });
}
