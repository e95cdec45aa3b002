/**
 * Contract: TTL. An item whose `expiresAt` (epoch seconds) is past no longer exists for anyone:
 * reads skip it and conditions treat it as absent, long before DynamoDB's sweeper deletes it.
 */
import { describe, expect, it } from 'vitest';
import type { ItemStore } from '../item-store.ts';
import { type ContractContext, expectConditionFailed, putAll, queryAll } from './contract-context.ts';

export function describeExpiryCases(t: ContractContext): void {
  describe('expiry (TTL)', () => {
    const store = (): ItemStore => t.store();

    /** One expired item (with index keys) beside a live one, in a fresh namespace. */
    async function seedExpired() {
      const ns = t.namespace();
      const expired = { pk: `${ns}T#1`, sk: 'old' };
      const live = { pk: `${ns}T#1`, sk: 'young' };
      const index = (sk: string) => ({ gsi1pk: `${ns}G1`, gsi1sk: sk, gsi2pk: `${ns}G2`, gsi2sk: sk });
      await store().put({ ...expired, ...index('old'), data: { n: 41, secret: 'x' }, expiresAt: t.nowSec() - 1 });
      const liveUntil = t.nowSec() + 3600;
      await store().put({ ...live, ...index('young'), data: { n: 1 }, expiresAt: liveUntil });
      return { ns, expired, live, liveUntil };
    }

    it('hides an expired item from get, getMany and queries on the table and both indexes', async () => {
      const { ns, expired, live, liveUntil } = await seedExpired();
      expect(await store().get(expired)).toBeUndefined();
      expect((await store().getMany([expired, live])).map((item) => item.sk)).toEqual(['young']);
      for (const query of [
        { pk: `${ns}T#1` },
        { index: 'gsi1' as const, pk: `${ns}G1` },
        { index: 'gsi2' as const, pk: `${ns}G2` },
      ]) {
        expect((await store().query(query)).items.map((item) => item.sk)).toEqual(['young']);
        expect((await store().query({ ...query, reverse: true })).items.map((item) => item.sk)).toEqual(['young']);
      }
      expect((await store().get(live))?.expiresAt).toBe(liveUntil);
    });

    it('treats an expired item as absent for conditions', async () => {
      const { expired } = await seedExpired();
      await expectConditionFailed(store().update(expired, { set: { a: 1 }, condition: [{ kind: 'exists' }] }));
      await expectConditionFailed(
        store().update(expired, { set: { a: 1 }, condition: [{ kind: 'versionEquals', version: 1 }] }),
      );
      await expectConditionFailed(store().delete(expired, { condition: [{ kind: 'fieldExists', field: 'n' }] }));
      await expectConditionFailed(
        store().transact([{ kind: 'conditionCheck', key: expired, condition: [{ kind: 'exists' }] }]),
        0,
      );
      const reborn = await store().put({ ...expired, data: { fresh: true } }, { condition: [{ kind: 'notExists' }] });
      expect(reborn).toEqual({ ...expired, data: { fresh: true }, version: 1 });
      expect(await store().get(expired)).toEqual(reborn);
    });

    it('starts a new item when updating an expired one: old fields gone, counters from 0, version 1', async () => {
      const { expired } = await seedExpired();
      const updated = await store().update(expired, {
        add: { n: 1 },
        condition: [{ kind: 'fieldNotExists', field: 'n' }],
      });
      expect(updated).toEqual({ ...expired, data: { n: 1 }, version: 1 });
      expect(await store().get(expired)).toEqual(updated);
    });

    it('lets a transaction recreate an expired item with notExists', async () => {
      const { expired } = await seedExpired();
      await store().transact([
        { kind: 'put', item: { ...expired, data: { again: 1 } }, condition: [{ kind: 'notExists' }] },
      ]);
      expect(await store().get(expired)).toEqual({ ...expired, data: { again: 1 }, version: 1 });
    });

    it('reports deleting an expired item as deleting nothing', async () => {
      const { expired } = await seedExpired();
      expect(await store().delete(expired)).toBe(false);
      expect(await store().get(expired)).toBeUndefined();
    });

    it('pages through a partition with expired items among live ones without losing any live item', async () => {
      const ns = t.namespace();
      const past = t.nowSec() - 10;
      const future = t.nowSec() + 3600;
      const items = Array.from({ length: 40 }, (_, i) => ({
        pk: `${ns}T#1`,
        sk: `e#${String(i).padStart(2, '0')}`,
        gsi1pk: `${ns}G1`,
        gsi1sk: `e#${String(i).padStart(2, '0')}`,
        data: { i },
        expiresAt: i % 3 === 0 || (i >= 20 && i < 30) ? past : future,
      }));
      await putAll(store(), items);
      const liveIds = items.filter((item) => item.expiresAt === future).map((item) => item.data.i);
      for (const index of [undefined, 'gsi1' as const]) {
        for (const reverse of [false, true]) {
          const pk = index ? `${ns}G1` : `${ns}T#1`;
          const { items: found, pageSizes } = await queryAll(store(), { index, pk, limit: 4, reverse });
          expect(found.map((item) => item.data.i)).toEqual(reverse ? [...liveIds].reverse() : liveIds);
          for (const size of pageSizes) expect(size).toBeLessThanOrEqual(4);
        }
      }
    });

    it('makes an item disappear once its expiry passes', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'soon' };
      // nowSec() is floored: `+ 1` could be a millisecond away, and a loaded machine's next read past it
      // (CI saw it once). `+ 2` leaves at least a second for the read back.
      const expiresAt = t.nowSec() + 2;
      await store().put({ ...key, gsi1pk: `${ns}G1`, gsi1sk: 's', data: {}, expiresAt });
      expect((await store().get(key))?.expiresAt).toBe(expiresAt);
      await t.passTime(3);
      expect(await store().get(key)).toBeUndefined();
      expect((await store().query({ index: 'gsi1', pk: `${ns}G1` })).items).toEqual([]);
      expect((await store().put({ ...key, data: {} }, { condition: [{ kind: 'notExists' }] })).version).toBe(1);
    });
  });
}
