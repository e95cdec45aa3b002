/**
 * Contract: scanPartitions finds every live item under a partition root (`root` and `root#…`, never
 * `rootX`), a page at a time, in no promised order. On DynamoDB it is a filtered Scan over the whole
 * (shared) table, so a page may be empty while nextCursor is set: every walk follows nextCursor to null
 * and checks completeness, not page sizes. Deleting what a page returned before asking for the next one
 * (how organisation deletion sweeps) skips nothing.
 */
import { describe, expect, it } from 'vitest';
import { sweepPartitions } from '../../shared/partition-items.ts';
import { type ItemData, type ItemStore, maxQueryLimit, type NewItem, type ScanPartitionsInput } from '../item-store.ts';
import { type CollectedPages, type ContractContext, expectAppError, keyId, putAll } from './contract-context.ts';

/** Follows nextCursor to the end; fails rather than loop forever (DynamoDB pages walk the whole table). */
async function scanAll<T extends ItemData = ItemData>(
  store: ItemStore,
  input: ScanPartitionsInput,
  maxPages = 20_000,
): Promise<CollectedPages<T>> {
  const items: CollectedPages<T>['items'] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await store.scanPartitions<T>({ ...input, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...result.items);
    pageSizes.push(result.items.length);
    if (result.nextCursor === null) return { items, pageSizes };
    expect(typeof result.nextCursor).toBe('string');
    cursor = result.nextCursor;
  }
  throw new Error(`scanPartitions did not end after ${maxPages} pages`);
}

const sorted = (ids: string[]): string[] => [...ids].sort();

export function describeScanCases(t: ContractContext): void {
  describe('scanPartitions', () => {
    const store = (): ItemStore => t.store();

    /** `count` items spread over the root and three child partitions under it. */
    function tenantItems(root: string, count: number): NewItem[] {
      const partitions = [root, `${root}#ai`, `${root}#mod#queue`, `${root}#wb#run_1`];
      return Array.from({ length: count }, (_, i) => ({
        pk: partitions[i % partitions.length]!,
        sk: `item#${String(i).padStart(3, '0')}`,
        data: { i },
      }));
    }

    it('finds the root partition and its child partitions, and nothing beside them', async () => {
      const ns = t.namespace();
      const root = `${ns}T#org_a`;
      const inside: NewItem[] = [
        { pk: root, sk: 'org', data: { name: 'A' } },
        { pk: root, sk: 'member#1', gsi1pk: `${ns}U#1`, gsi1sk: 'org_a', data: { role: 'owner' } },
        { pk: `${root}#ai`, sk: 'usage#1', gsi2pk: `${ns}G2`, gsi2sk: 'x', data: { tokens: 3 } },
        { pk: `${root}#mod#queue`, sk: 'flag#1', data: {} },
        { pk: `${root}#`, sk: 'edge', data: {} },
      ];
      const outside: NewItem[] = [
        // Same text prefix without the '#': another organisation.
        { pk: `${ns}T#org_ab`, sk: 'org', data: {} },
        { pk: `${ns}T#org_ab#ai`, sk: 'usage#1', data: {} },
        // Just below and just above the range `root#` … `root$` that SQLite reads.
        { pk: `${root}!`, sk: 'x', data: {} },
        { pk: `${root}"#x`, sk: 'x', data: {} },
        { pk: `${root}$`, sk: 'x', data: {} },
        { pk: `${root}%#x`, sk: 'x', data: {} },
        // The root's parent, other roots, and the root found only in an index key.
        { pk: `${ns}T#org`, sk: 'x', data: {} },
        { pk: `${ns}T#org_b`, sk: 'org', data: {} },
        { pk: `${ns}T#org_b#ai`, sk: 'usage#1', data: {} },
        { pk: `${ns}U#1`, sk: 'profile', gsi1pk: root, gsi1sk: 'x', data: {} },
      ];
      await putAll(store(), [...inside, ...outside]);

      const { items } = await scanAll(store(), { root });
      expect(sorted(items.map(keyId))).toEqual(sorted(inside.map(keyId)));
      // Whole items, as get returns them: index keys, version and payload.
      for (const item of items) expect(item).toEqual(await store().get(item));
      const other = await scanAll(store(), { root: `${ns}T#org_b` });
      expect(sorted(other.items.map(keyId))).toEqual(sorted(outside.slice(7, 9).map(keyId)));
      expect((await scanAll(store(), { root: `${ns}T#nobody` })).items).toEqual([]);
    });

    it('walks 25 items over several partitions in pages of 3, each item exactly once', async () => {
      const ns = t.namespace();
      const root = `${ns}T#org_page`;
      const items = tenantItems(root, 25);
      await putAll(store(), [...items, ...tenantItems(`${ns}T#org_pages`, 10)]);
      const { items: found, pageSizes } = await scanAll(store(), { root, limit: 3 });
      const ids = found.map(keyId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sorted(ids)).toEqual(sorted(items.map(keyId)));
      for (const size of pageSizes) expect(size).toBeLessThanOrEqual(3);
      expect(pageSizes.length).toBeGreaterThanOrEqual(9);
    });

    it('still returns every remaining item once when each page is deleted before the next is read', async () => {
      const ns = t.namespace();
      const root = `${ns}T#org_sweep`;
      const items = tenantItems(root, 25);
      const neighbour = tenantItems(`${ns}T#org_sweep2`, 6);
      await putAll(store(), [...items, ...neighbour]);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; ; pages++) {
        if (pages > 20_000) throw new Error('scanPartitions did not end');
        const page = await store().scanPartitions({ root, limit: 3, ...(cursor === undefined ? {} : { cursor }) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        for (const item of page.items) {
          seen.push(keyId(item));
          expect(await store().delete(item)).toBe(true);
        }
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(sorted(seen)).toEqual(sorted(items.map(keyId)));
      expect((await scanAll(store(), { root })).items).toEqual([]);
      expect(await store().getMany(neighbour.slice(0, 6))).toHaveLength(6);
    });

    it('leaves expired items out', async () => {
      const ns = t.namespace();
      const root = `${ns}T#org_ttl`;
      const past = t.nowSec() - 10;
      const future = t.nowSec() + 3600;
      const items = tenantItems(root, 12).map((item, i) => ({ ...item, expiresAt: i % 3 === 0 ? past : future }));
      await putAll(store(), [...items, { pk: root, sk: 'forever', data: {} }]);
      const live = [...items.filter((item) => item.expiresAt === future), { pk: root, sk: 'forever' }];
      for (const limit of [2, maxQueryLimit]) {
        const { items: found } = await scanAll(store(), { root, limit });
        expect(sorted(found.map(keyId))).toEqual(sorted(live.map(keyId)));
      }
      const soon = { pk: `${root}#ai`, sk: 'soon' };
      await store().put({ ...soon, data: {}, expiresAt: t.nowSec() + 2 });
      expect((await scanAll(store(), { root })).items.map(keyId)).toContain(keyId(soon));
      await t.passTime(3);
      expect((await scanAll(store(), { root })).items.map(keyId)).not.toContain(keyId(soon));
    });

    it('rejects a tampered cursor, a query cursor and another root’s cursor with invalid_input', async () => {
      const ns = t.namespace();
      const root = `${ns}T#org_cursor`;
      await putAll(store(), tenantItems(root, 8));
      // limit 1 over at least 8 items: the first page cannot be the last, on any store.
      const { nextCursor } = await store().scanPartitions({ root, limit: 1 });
      expect(typeof nextCursor).toBe('string');
      const cursor = nextCursor!;
      const alter = (at: number) => cursor.slice(0, at) + (cursor[at] === 'A' ? 'B' : 'A') + cursor.slice(at + 1);
      const forged = `${Buffer.from(JSON.stringify({ pk: root, sk: 'item#000' })).toString('base64url')}.${'A'.repeat(43)}`;
      const bad = [alter(2), alter(Math.floor(cursor.length / 2)), alter(cursor.length - 1), cursor.slice(0, -1)];
      for (const attempt of [...bad, `${cursor}A`, forged, '', 'not-a-cursor', '.', `${cursor}.${cursor}`]) {
        const error = await expectAppError(
          store().scanPartitions({ root, limit: 1, cursor: attempt }),
          'invalid_input',
        );
        expect(error.message).toMatch(/cursor/i);
      }

      // Another root's walk, and queries, neither accept a scan cursor nor give theirs to a scan.
      await expectAppError(store().scanPartitions({ root: `${root}#ai`, cursor }), 'invalid_input');
      await expectAppError(store().scanPartitions({ root: `${ns}T#org_other`, cursor }), 'invalid_input');
      await expectAppError(store().query({ pk: root, cursor }), 'invalid_input');
      const queryCursor = (await store().query({ pk: root, limit: 1 })).nextCursor;
      expect(typeof queryCursor).toBe('string');
      await expectAppError(store().scanPartitions({ root, cursor: queryCursor! }), 'invalid_input');

      // The genuine cursor still works, and the walk it continues completes the first page.
      const first = await store().scanPartitions({ root, limit: 1 });
      const rest = await scanAll(store(), { root, cursor: first.nextCursor! });
      expect(sorted([...first.items, ...rest.items].map(keyId))).toEqual(sorted(tenantItems(root, 8).map(keyId)));
    });

    it('rejects a missing root and a limit outside 1–1000 with invalid_input', async () => {
      const root = `${t.namespace()}T#org_input`;
      for (const input of [
        { root: '' },
        { root: 42 },
        {},
        { root, limit: 0 },
        { root, limit: maxQueryLimit + 1 },
        { root, limit: 2.5 },
        { root, cursor: 7 },
      ]) {
        await expectAppError(store().scanPartitions(input as unknown as ScanPartitionsInput), 'invalid_input');
      }
      await expectAppError(store().scanPartitions(null as unknown as ScanPartitionsInput), 'invalid_input');
      expect((await store().scanPartitions({ root, limit: maxQueryLimit })).items).toEqual([]);
    });

    it('sweepPartitions deletes every live item under the root and nothing else, and counts them', async () => {
      const ns = t.namespace();
      const root = `${ns}T#org_gone`;
      const items = tenantItems(root, 30);
      const kept = [...tenantItems(`${ns}T#org_gone2`, 5), { pk: `${ns}T#org`, sk: 'x', data: {} }];
      await putAll(store(), [...items, ...kept]);
      await store().put({ pk: root, sk: 'expired', data: {}, expiresAt: t.nowSec() - 10 });
      expect(await sweepPartitions(store(), root)).toBe(30);
      expect((await scanAll(store(), { root })).items).toEqual([]);
      expect(await store().getMany(items.slice(0, 30))).toEqual([]);
      expect(await store().getMany(kept)).toHaveLength(kept.length);
      expect(await sweepPartitions(store(), root)).toBe(0);
    });
  });
}
