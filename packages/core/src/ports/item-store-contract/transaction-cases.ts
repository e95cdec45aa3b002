/** Contract: transactions are all-or-nothing, name the failing operation, and check their input. */
import { describe, expect, it } from 'vitest';
import type { ItemStore, TransactOperation } from '../item-store.ts';
import { maxTransactOperations } from '../item-store.ts';
import { type ContractContext, expectAppError, expectConditionFailed } from './contract-context.ts';

export function describeTransactionCases(t: ContractContext): void {
  describe('transactions', () => {
    const store = (): ItemStore => t.store();

    /** Four items of one namespace: a (v1), b (v2, n=1), c (to delete), d (checked); e does not exist. */
    async function seed() {
      const ns = t.namespace();
      const key = (sk: string) => ({ pk: `${ns}T#1`, sk });
      await store().put({ ...key('a'), data: { n: 0 } });
      await store().put({ ...key('b'), data: { n: 1 } });
      await store().update(key('b'), { set: { label: 'b' } });
      await store().put({ ...key('c'), gsi1pk: `${ns}G`, gsi1sk: 'c', data: { n: 3 } });
      await store().put({ ...key('d'), data: { status: 'open' } });
      const snapshot = async () => Promise.all(['a', 'b', 'c', 'd', 'e'].map((sk) => store().get(key(sk))));
      return { ns, key, before: await snapshot(), snapshot };
    }

    it('applies every operation when all conditions hold', async () => {
      const { ns, key } = await seed();
      await store().transact([
        { kind: 'put', item: { ...key('e'), data: { fresh: true } }, condition: [{ kind: 'notExists' }] },
        {
          kind: 'update',
          key: key('b'),
          changes: { add: { n: 10 }, condition: [{ kind: 'versionEquals', version: 2 }] },
        },
        { kind: 'delete', key: key('c'), condition: [{ kind: 'exists' }] },
        {
          kind: 'conditionCheck',
          key: key('d'),
          condition: [{ kind: 'compare', field: 'status', op: '=', value: 'open' }],
        },
        { kind: 'update', key: key('z'), changes: { add: { created: 1 } } },
      ]);
      expect(await store().get(key('e'))).toEqual({ ...key('e'), data: { fresh: true }, version: 1 });
      expect(await store().get(key('b'))).toMatchObject({ data: { n: 11, label: 'b' }, version: 3 });
      expect(await store().get(key('c'))).toBeUndefined();
      expect((await store().query({ index: 'gsi1', pk: `${ns}G` })).items).toEqual([]);
      expect(await store().get(key('d'))).toMatchObject({ data: { status: 'open' }, version: 1 });
      expect(await store().get(key('z'))).toMatchObject({ data: { created: 1 }, version: 1 });
    });

    it.each([0, 1, 2, 3])('leaves every item untouched when operation %i fails, and names it', async (failing) => {
      const { key, before, snapshot } = await seed();
      const operations: TransactOperation[] = [
        { kind: 'put', item: { ...key('e'), data: { fresh: true } }, condition: [{ kind: 'notExists' }] },
        { kind: 'update', key: key('b'), changes: { set: { label: 'changed' }, add: { n: 1 } } },
        { kind: 'delete', key: key('c') },
        { kind: 'update', key: key('a'), changes: { add: { n: 1 } } },
        { kind: 'conditionCheck', key: key('d'), condition: [{ kind: 'exists' }] },
      ];
      const broken: TransactOperation[] = [
        { kind: 'put', item: { ...key('e'), data: { fresh: true } }, condition: [{ kind: 'exists' }] },
        {
          kind: 'update',
          key: key('b'),
          changes: { set: { label: 'x' }, condition: [{ kind: 'versionEquals', version: 1 }] },
        },
        { kind: 'delete', key: key('c'), condition: [{ kind: 'compare', field: 'n', op: '>', value: 3 }] },
        {
          kind: 'update',
          key: key('a'),
          changes: { add: { n: 1 }, condition: [{ kind: 'fieldExists', field: 'nope' }] },
        },
      ];
      operations[failing] = broken[failing]!;
      await expectConditionFailed(store().transact(operations), failing);
      expect(await snapshot()).toEqual(before);
    });

    it('fails on a condition check that does not hold, changing nothing', async () => {
      const { key, before, snapshot } = await seed();
      await expectConditionFailed(
        store().transact([
          { kind: 'update', key: key('a'), changes: { add: { n: 5 } } },
          { kind: 'delete', key: key('c') },
          { kind: 'conditionCheck', key: key('e'), condition: [{ kind: 'exists' }] },
        ]),
        2,
      );
      expect(await snapshot()).toEqual(before);
    });

    it('keeps concurrent transactions consistent with each other', async () => {
      const ns = t.namespace();
      const from = { pk: `${ns}T#1`, sk: 'from' };
      const to = { pk: `${ns}T#1`, sk: 'to' };
      await store().put({ ...from, data: { balance: 10 } });
      await store().put({ ...to, data: { balance: 0 } });
      await Promise.all(
        Array.from({ length: 10 }, () =>
          store().transact([
            { kind: 'update', key: from, changes: { add: { balance: -1 } } },
            { kind: 'update', key: to, changes: { add: { balance: 1 } } },
          ]),
        ),
      );
      expect((await store().get(from))?.data.balance).toBe(0);
      expect((await store().get(to))?.data.balance).toBe(10);
    });

    it(`runs ${maxTransactOperations} operations at once`, async () => {
      const ns = t.namespace();
      await store().transact(
        Array.from({ length: maxTransactOperations }, (_, i) => ({
          kind: 'put' as const,
          item: { pk: `${ns}T#1`, sk: `i#${String(i).padStart(3, '0')}`, data: { i } },
        })),
      );
      const items = (await store().query({ pk: `${ns}T#1`, limit: 1000 })).items;
      expect(items.map((item) => item.data.i)).toEqual(Array.from({ length: maxTransactOperations }, (_, i) => i));
    });

    it('rejects bad transactions with invalid_input before writing anything', async () => {
      const { key, before, snapshot } = await seed();
      const addToA: TransactOperation = { kind: 'update', key: key('a'), changes: { add: { n: 1 } } };
      await expect(store().transact([])).resolves.toBeUndefined();
      await expectAppError(store().transact([addToA, { kind: 'delete', key: key('a') }]), 'invalid_input');
      await expectAppError(
        store().transact(
          Array.from({ length: maxTransactOperations + 1 }, (_, i) => ({ ...addToA, key: key(`m${i}`) })),
        ),
        'invalid_input',
      );
      await expectAppError(
        store().transact([addToA, { kind: 'conditionCheck', key: key('d'), condition: [] }]),
        'invalid_input',
      );
      await expectAppError(
        store().transact([addToA, { kind: 'put', item: { ...key('e'), sk: '', data: {} } }]),
        'invalid_input',
      );
      expect(await snapshot()).toEqual(before);
    });
  });
}
