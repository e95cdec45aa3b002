/** Contract: get, put, update and delete of single items; versions; upserts; atomic adds; bad input. */
import { describe, expect, it } from 'vitest';
import type { ItemStore } from '../item-store.ts';
import { type ContractContext, expectAppError } from './contract-context.ts';

export function describeWriteCases(t: ContractContext): void {
  describe('single-item writes', () => {
    const store = (): ItemStore => t.store();

    it('round-trips an item with its index keys and expiry, starting at version 1', async () => {
      const ns = t.namespace();
      const expiresAt = t.nowSec() + 3600;
      const item = {
        pk: `${ns}T#1`,
        sk: 'post#1',
        gsi1pk: `${ns}G1`,
        gsi1sk: '2026-01-01',
        gsi2pk: `${ns}G2`,
        gsi2sk: 'b',
        data: { title: 'Hello', tags: ['a', 'b'], count: 3, nested: { ok: true } },
        expiresAt,
      };
      const written = await store().put(item);
      expect(written).toEqual({ ...item, version: 1 });
      expect(await store().get({ pk: item.pk, sk: item.sk })).toEqual(written);
    });

    it('returns undefined for a missing item and false when deleting one', async () => {
      const ns = t.namespace();
      expect(await store().get({ pk: `${ns}T#1`, sk: 'nothing' })).toBeUndefined();
      expect(await store().delete({ pk: `${ns}T#1`, sk: 'nothing' })).toBe(false);
    });

    it('stores data as JSON: undefined fields are dropped and dates become ISO strings', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'json' };
      const written = await store().put({ ...key, data: { gone: undefined, at: new Date(0), kept: 1 } });
      expect(written.data).toEqual({ at: '1970-01-01T00:00:00.000Z', kept: 1 });
      expect(Object.keys(written.data).sort()).toEqual(['at', 'kept']);
      const read = await store().get(key);
      expect(read?.data).toEqual(written.data);
      expect(Object.keys(read?.data ?? {}).sort()).toEqual(['at', 'kept']);
    });

    it('replaces the whole item on an unconditional put, back at version 1', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'a' };
      await store().put({ ...key, gsi1pk: `${ns}G`, gsi1sk: 'x', data: { a: 1, b: 2 }, expiresAt: t.nowSec() + 60 });
      await store().update(key, { set: { a: 5 } });
      const replaced = await store().put({ ...key, data: { c: 3 } });
      expect(replaced).toEqual({ ...key, data: { c: 3 }, version: 1 });
      expect(await store().get(key)).toEqual(replaced);
    });

    it('increments the version by one on every update and returns the item as written', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'v' };
      await store().put({ ...key, data: { n: 0 } });
      for (let expected = 2; expected <= 5; expected++) {
        const updated = await store().update(key, { set: { n: expected } });
        expect(updated).toEqual({ ...key, data: { n: expected }, version: expected });
        expect(await store().get(key)).toEqual(updated);
      }
    });

    it('sets, adds and removes top-level fields in one update, leaving the others alone', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'fields' };
      await store().put({ ...key, data: { keep: 'k', drop: 'd', n: 10, obj: { deep: 1 } } });
      const updated = await store().update(key, {
        set: { obj: { deep: 2, more: [1] }, fresh: 'f' },
        add: { n: -3, counter: 2 },
        remove: ['drop', 'neverThere'],
      });
      expect(updated.data).toEqual({ keep: 'k', n: 7, counter: 2, obj: { deep: 2, more: [1] }, fresh: 'f' });
      expect(updated.version).toBe(2);
      expect(await store().get(key)).toEqual(updated);
    });

    it('creates a missing item on update (upsert): version 1, adds counted from 0', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'upsert' };
      const expiresAt = t.nowSec() + 600;
      const created = await store().update(key, {
        set: { name: 'new' },
        add: { views: 1, score: -2 },
        index: { gsi1pk: `${ns}G`, gsi1sk: 's1' },
        expiresAt,
      });
      expect(created).toEqual({
        ...key,
        gsi1pk: `${ns}G`,
        gsi1sk: 's1',
        data: { name: 'new', views: 1, score: -2 },
        version: 1,
        expiresAt,
      });
      expect(await store().get(key)).toEqual(created);
    });

    it('counts a missing counter from 0 on an existing item', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'counter' };
      await store().put({ ...key, data: { title: 't' } });
      expect((await store().update(key, { add: { likes: 1 } })).data).toEqual({ title: 't', likes: 1 });
      expect((await store().update(key, { add: { likes: 41 } })).data.likes).toBe(42);
    });

    it('gives exactly 100 after 100 concurrent atomic increments', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'hot' };
      await Promise.all(Array.from({ length: 100 }, () => store().update(key, { add: { count: 1 } })));
      const item = await store().get(key);
      expect(item?.data).toEqual({ count: 100 });
      expect(item?.version).toBe(100);
    });

    it('sets and removes the expiry on update', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'ttl' };
      await store().put({ ...key, data: {} });
      const later = t.nowSec() + 1000;
      expect((await store().update(key, { expiresAt: later })).expiresAt).toBe(later);
      expect((await store().get(key))?.expiresAt).toBe(later);
      const cleared = await store().update(key, { expiresAt: null });
      expect(cleared.expiresAt).toBeUndefined();
      expect((await store().get(key))?.expiresAt).toBeUndefined();
    });

    it('deletes an item once', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'gone' };
      await store().put({ ...key, data: { x: 1 } });
      expect(await store().delete(key)).toBe(true);
      expect(await store().get(key)).toBeUndefined();
      expect(await store().delete(key)).toBe(false);
    });

    it('rejects add on a field that is not a number, leaving the item unchanged', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'typed' };
      const before = await store().put({ ...key, data: { label: 'text', n: 1 } });
      await expectAppError(store().update(key, { add: { label: 1 } }), 'invalid_input');
      expect(await store().get(key)).toEqual(before);
    });

    it('rejects an update naming one field twice, leaving the item unchanged', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'twice' };
      const before = await store().put({ ...key, data: { a: 1 } });
      await expectAppError(store().update(key, { set: { a: 2 }, remove: ['a'] }), 'invalid_input');
      await expectAppError(store().update(key, { set: { a: 2 }, add: { a: 1 } }), 'invalid_input');
      expect(await store().get(key)).toEqual(before);
    });

    it('rejects malformed keys and data with invalid_input and writes nothing', async () => {
      const ns = t.namespace();
      await expectAppError(store().put({ pk: '', sk: 'a', data: {} }), 'invalid_input');
      await expectAppError(store().put({ pk: `${ns}T#1`, sk: '', data: {} }), 'invalid_input');
      await expectAppError(store().get({ pk: `${ns}T#1`, sk: 7 as unknown as string }), 'invalid_input');
      await expectAppError(store().put({ pk: `${ns}T#1`, sk: 'k'.repeat(1025), data: {} }), 'invalid_input');
      await expectAppError(store().put({ pk: `${ns}${'p'.repeat(2048)}`, sk: 'a', data: {} }), 'invalid_input');
      await expectAppError(store().put({ pk: `${ns}T#1`, sk: 'arr', data: [1] as unknown as {} }), 'invalid_input');
      await expectAppError(store().put({ pk: `${ns}T#1`, sk: 'big', data: { n: 1n } }), 'invalid_input');
      await expectAppError(store().update({ pk: `${ns}T#1`, sk: 'nan' }, { add: { n: Number.NaN } }), 'invalid_input');
      await expectAppError(store().put({ pk: `${ns}T#1`, sk: 'exp', data: {}, expiresAt: 1.5 }), 'invalid_input');
      expect((await store().query({ pk: `${ns}T#1` })).items).toEqual([]);
    });

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
