/** Contract: conditional put, update and delete; optimistic locking on `version`; comparisons as DynamoDB does them. */
import { describe, expect, it } from 'vitest';
import type { ConditionClause, ItemStore } from '../item-store.ts';
import { type ContractContext, expectConditionFailed } from './contract-context.ts';

/** Clauses evaluated against `{ n: 5, s: 'm', t: true }` and whether each holds. */
const comparisons: [ConditionClause, boolean][] = [
  [{ kind: 'compare', field: 'n', op: '=', value: 5 }, true],
  [{ kind: 'compare', field: 'n', op: '=', value: 6 }, false],
  [{ kind: 'compare', field: 'n', op: '<>', value: 6 }, true],
  [{ kind: 'compare', field: 'n', op: '<>', value: 5 }, false],
  [{ kind: 'compare', field: 'n', op: '<', value: 6 }, true],
  [{ kind: 'compare', field: 'n', op: '<', value: 5 }, false],
  [{ kind: 'compare', field: 'n', op: '<=', value: 5 }, true],
  [{ kind: 'compare', field: 'n', op: '<=', value: 4.5 }, false],
  [{ kind: 'compare', field: 'n', op: '>', value: -1 }, true],
  [{ kind: 'compare', field: 'n', op: '>', value: 5 }, false],
  [{ kind: 'compare', field: 'n', op: '>=', value: 5 }, true],
  [{ kind: 'compare', field: 'n', op: '>=', value: 10 }, false],
  [{ kind: 'compare', field: 's', op: '=', value: 'm' }, true],
  [{ kind: 'compare', field: 's', op: '<>', value: 'x' }, true],
  [{ kind: 'compare', field: 's', op: '<', value: 'n' }, true],
  [{ kind: 'compare', field: 's', op: '<', value: 'm' }, false],
  [{ kind: 'compare', field: 's', op: '>=', value: 'm' }, true],
  [{ kind: 'compare', field: 's', op: '>', value: 'mm' }, false],
  [{ kind: 'compare', field: 't', op: '=', value: true }, true],
  [{ kind: 'compare', field: 't', op: '=', value: false }, false],
  [{ kind: 'compare', field: 't', op: '<>', value: false }, true],
  // A comparison on a missing field is false, whatever the operator.
  [{ kind: 'compare', field: 'missing', op: '=', value: 1 }, false],
  [{ kind: 'compare', field: 'missing', op: '<>', value: 1 }, false],
  [{ kind: 'compare', field: 'missing', op: '<', value: 'z' }, false],
  [{ kind: 'fieldExists', field: 'n' }, true],
  [{ kind: 'fieldExists', field: 'missing' }, false],
  [{ kind: 'fieldNotExists', field: 'missing' }, true],
  [{ kind: 'fieldNotExists', field: 's' }, false],
  [{ kind: 'exists' }, true],
  [{ kind: 'notExists' }, false],
  [{ kind: 'versionEquals', version: 1 }, true],
  [{ kind: 'versionEquals', version: 2 }, false],
];

export function describeConditionCases(t: ContractContext): void {
  describe('conditional writes', () => {
    const store = (): ItemStore => t.store();

    it.each(comparisons)('evaluates %j on an existing item as %s', async (clause, holds) => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'c' };
      const before = await store().put({ ...key, data: { n: 5, s: 'm', t: true } });
      const attempt = store().update(key, { set: { touched: true }, condition: [clause] });
      if (holds) {
        expect((await attempt).data).toEqual({ n: 5, s: 'm', t: true, touched: true });
      } else {
        await expectConditionFailed(attempt);
        expect(await store().get(key)).toEqual(before);
      }
    });

    it('requires every clause of a condition to hold', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'and' };
      const before = await store().put({ ...key, data: { n: 5 } });
      const holds: ConditionClause = { kind: 'compare', field: 'n', op: '>', value: 1 };
      const fails: ConditionClause = { kind: 'compare', field: 'n', op: '>', value: 9 };
      await expectConditionFailed(store().update(key, { add: { n: 1 }, condition: [holds, fails] }));
      expect(await store().get(key)).toEqual(before);
      expect((await store().update(key, { add: { n: 1 }, condition: [holds, { kind: 'exists' }] })).data.n).toBe(6);
    });

    it('puts with notExists only when the item is absent', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'once' };
      const first = await store().put({ ...key, data: { who: 'first' } }, { condition: [{ kind: 'notExists' }] });
      expect(first.version).toBe(1);
      await expectConditionFailed(
        store().put({ ...key, data: { who: 'second' } }, { condition: [{ kind: 'notExists' }] }),
      );
      expect(await store().get(key)).toEqual(first);
    });

    it('puts with exists only over an existing item, and writes nothing otherwise', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'replace' };
      await expectConditionFailed(store().put({ ...key, data: { v: 1 } }, { condition: [{ kind: 'exists' }] }));
      expect(await store().get(key)).toBeUndefined();
      await store().put({ ...key, data: { v: 1 } });
      const replaced = await store().put({ ...key, data: { v: 2 } }, { condition: [{ kind: 'exists' }] });
      expect(replaced).toEqual({ ...key, data: { v: 2 }, version: 1 });
    });

    it('puts with a pinned version as version + 1, and rejects a stale one leaving the item unchanged', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'pinned' };
      await store().put({ ...key, data: { v: 'a' } });
      await store().update(key, { set: { v: 'b' } });
      const written = await store().put(
        { ...key, data: { v: 'c' } },
        { condition: [{ kind: 'versionEquals', version: 2 }] },
      );
      expect(written.version).toBe(3);
      await expectConditionFailed(
        store().put({ ...key, data: { v: 'stale' } }, { condition: [{ kind: 'versionEquals', version: 2 }] }),
      );
      expect(await store().get(key)).toEqual(written);
    });

    it('rejects an update on a stale version and keeps the stored item as it was', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'optimistic' };
      await store().put({ ...key, data: { title: 'v1' } });
      const current = await store().update(key, {
        set: { title: 'v2' },
        condition: [{ kind: 'versionEquals', version: 1 }],
      });
      expect(current.version).toBe(2);
      await expectConditionFailed(
        store().update(key, {
          set: { title: 'lost' },
          add: { n: 1 },
          condition: [{ kind: 'versionEquals', version: 1 }],
        }),
      );
      expect(await store().get(key)).toEqual(current);
    });

    it('lets exactly one of many concurrent updates pinned to the same version win', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'race' };
      await store().put({ ...key, data: { winner: null } });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store().update(key, { set: { winner: i }, condition: [{ kind: 'versionEquals', version: 1 }] }),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') await expectConditionFailed(Promise.reject(outcome.reason));
      }
      const item = await store().get(key);
      expect(item?.version).toBe(2);
      expect(item).toEqual((won[0] as PromiseFulfilledResult<unknown>).value);
    });

    it('creates nothing when an update condition needs an existing item and there is none', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'absent' };
      const needsItem: ConditionClause[] = [
        { kind: 'exists' },
        { kind: 'versionEquals', version: 1 },
        { kind: 'fieldExists', field: 'a' },
        { kind: 'compare', field: 'a', op: '<>', value: 1 },
      ];
      for (const clause of needsItem) {
        await expectConditionFailed(store().update(key, { set: { a: 1 }, condition: [clause] }));
      }
      expect(await store().get(key)).toBeUndefined();
    });

    it('creates an item on update when the condition allows an absent one', async () => {
      const ns = t.namespace();
      const created = await store().update(
        { pk: `${ns}T#1`, sk: 'new' },
        { add: { n: 2 }, condition: [{ kind: 'notExists' }] },
      );
      expect(created).toMatchObject({ data: { n: 2 }, version: 1 });
      await expectConditionFailed(
        store().update({ pk: `${ns}T#1`, sk: 'new' }, { add: { n: 2 }, condition: [{ kind: 'notExists' }] }),
      );
      const other = await store().update(
        { pk: `${ns}T#1`, sk: 'new2' },
        { set: { a: 1 }, condition: [{ kind: 'fieldNotExists', field: 'a' }] },
      );
      expect(other.data).toEqual({ a: 1 });
      expect((await store().get({ pk: `${ns}T#1`, sk: 'new' }))?.data).toEqual({ n: 2 });
    });

    it('deletes only when the condition holds', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'del' };
      const item = await store().put({ ...key, data: { state: 'open' } });
      await expectConditionFailed(store().delete(key, { condition: [{ kind: 'versionEquals', version: 7 }] }));
      await expectConditionFailed(
        store().delete(key, { condition: [{ kind: 'compare', field: 'state', op: '=', value: 'closed' }] }),
      );
      expect(await store().get(key)).toEqual(item);
      expect(await store().delete(key, { condition: [{ kind: 'versionEquals', version: 1 }] })).toBe(true);
      await expectConditionFailed(store().delete(key, { condition: [{ kind: 'exists' }] }));
      expect(await store().delete(key, { condition: [{ kind: 'notExists' }] })).toBe(false);
    });
  });
}
