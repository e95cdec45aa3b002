/** Contract: the secondary indexes follow an item's index keys as they are set, changed and removed. */
import { describe, expect, it } from 'vitest';
import type { IndexName, ItemStore } from '../item-store.ts';
import type { ContractContext } from './contract-context.ts';

export function describeIndexCases(t: ContractContext): void {
  describe('secondary indexes', () => {
    const store = (): ItemStore => t.store();
    const skIn = async (index: IndexName, pk: string): Promise<string[]> =>
      (await store().query({ index, pk })).items.map((item) => item.sk);

    it('finds an item through each index whose two keys it carries', async () => {
      const ns = t.namespace();
      const item = await store().put({
        pk: `${ns}T#1`,
        sk: 'a',
        gsi1pk: `${ns}G1`,
        gsi1sk: 'one',
        gsi2pk: `${ns}G2`,
        gsi2sk: 'two',
        data: { x: 1 },
      });
      expect((await store().query({ index: 'gsi1', pk: `${ns}G1` })).items).toEqual([item]);
      expect((await store().query({ index: 'gsi2', pk: `${ns}G2` })).items).toEqual([item]);
      // The table's partition key means nothing to an index, and the other way round.
      expect((await store().query({ index: 'gsi1', pk: `${ns}T#1` })).items).toEqual([]);
      expect((await store().query({ pk: `${ns}G1` })).items).toEqual([]);
    });

    it('leaves an item out of an index when it has only one of the two keys (sparse index)', async () => {
      const ns = t.namespace();
      await store().put({ pk: `${ns}T#1`, sk: 'half', gsi1pk: `${ns}G1`, data: {} });
      await store().put({ pk: `${ns}T#1`, sk: 'other-half', gsi2sk: 'x', data: {} });
      expect(await skIn('gsi1', `${ns}G1`)).toEqual([]);
      await store().update({ pk: `${ns}T#1`, sk: 'half' }, { index: { gsi1sk: 'now-whole' } });
      expect(await skIn('gsi1', `${ns}G1`)).toEqual(['half']);
    });

    it('moves an item between index partitions, out of an index and into one on update', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'mover' };
      await store().put({ ...key, gsi1pk: `${ns}A`, gsi1sk: '1', data: {} });
      expect(await skIn('gsi1', `${ns}A`)).toEqual(['mover']);

      const moved = await store().update(key, { index: { gsi1pk: `${ns}B`, gsi1sk: '2' } });
      expect(moved).toMatchObject({ gsi1pk: `${ns}B`, gsi1sk: '2', version: 2 });
      expect(await skIn('gsi1', `${ns}A`)).toEqual([]);
      expect(await skIn('gsi1', `${ns}B`)).toEqual(['mover']);

      const out = await store().update(key, { index: { gsi1pk: null, gsi1sk: null, gsi2pk: `${ns}C`, gsi2sk: '3' } });
      expect(out.gsi1pk).toBeUndefined();
      expect(out.gsi1sk).toBeUndefined();
      expect(await skIn('gsi1', `${ns}B`)).toEqual([]);
      expect(await skIn('gsi2', `${ns}C`)).toEqual(['mover']);
      expect(await store().get(key)).toEqual(out);
    });

    it('keeps an item in both indexes, with its expiry, when updates and puts change only its data', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'steady' };
      const keys = { gsi1pk: `${ns}S1`, gsi1sk: 'a', gsi2pk: `${ns}S2`, gsi2sk: 'b' };
      const expiresAt = t.nowSec() + 3600;
      await store().put({ ...key, ...keys, expiresAt, data: { n: 1 } });
      await store().update(key, { add: { n: 1 } });
      const replaced = await store().put({ ...key, ...keys, expiresAt, data: { n: 5 } });
      const updated = await store()
        .transact([{ kind: 'update', key, changes: { add: { n: 1 } } }])
        .then(() => store().get(key));
      expect(updated).toEqual({ ...replaced, data: { n: 6 }, version: replaced.version + 1 });
      expect((await store().query({ index: 'gsi1', pk: `${ns}S1` })).items).toEqual([updated]);
      expect((await store().query({ index: 'gsi2', pk: `${ns}S2` })).items).toEqual([updated]);
      expect(updated?.expiresAt).toBe(expiresAt);
    });

    it('drops an item from its indexes when a put replaces it without index keys, or it is deleted', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'x' };
      await store().put({ ...key, gsi1pk: `${ns}G1`, gsi1sk: 's', gsi2pk: `${ns}G2`, gsi2sk: 's', data: {} });
      await store().put({ ...key, gsi2pk: `${ns}G2`, gsi2sk: 's', data: {} });
      expect(await skIn('gsi1', `${ns}G1`)).toEqual([]);
      expect(await skIn('gsi2', `${ns}G2`)).toEqual(['x']);
      await store().delete(key);
      expect(await skIn('gsi2', `${ns}G2`)).toEqual([]);
    });
  });
}
