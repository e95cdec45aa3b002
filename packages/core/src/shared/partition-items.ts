/**
 * Every item of one partition (or of one prefix of it), page by page: what account export reads and
 * account and organisation deletion remove. Deletion through a query collects every key first, then
 * deletes: deleting while paging would disturb the cursors. `sweepPartitions` is the exception: a
 * scanPartitions cursor survives the deletion of what its page returned.
 */
import type { IndexName, ItemData, ItemStore, StoredItem } from '../ports/item-store.ts';

export interface PartitionQuery {
  pk: string;
  index?: IndexName;
  /** Only sort keys starting with this. */
  prefix?: string;
}

export async function readPartition<T extends ItemData = ItemData>(
  store: Pick<ItemStore, 'query'>,
  query: PartitionQuery,
): Promise<StoredItem<T>[]> {
  const items: StoredItem<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<T>({
      pk: query.pk,
      ...(query.index ? { index: query.index } : {}),
      ...(query.prefix ? { sk: { beginsWith: query.prefix } } : {}),
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Deletes every item the query finds (on an index: the items themselves, by their table keys). */
export async function deletePartition(
  store: Pick<ItemStore, 'query' | 'delete'>,
  query: PartitionQuery,
): Promise<number> {
  const keys = (await readPartition(store, query)).map((item) => ({ pk: item.pk, sk: item.sk }));
  for (const key of keys) await store.delete(key);
  return keys.length;
}

/**
 * Deletes every live item under a partition root (`root` and `root#…`, see ItemStore.scanPartitions),
 * one page at a time, each page deleted before the next is read; returns how many it deleted. On
 * DynamoDB it scans the whole table: whole-tenant maintenance only.
 */
export async function sweepPartitions(
  store: Pick<ItemStore, 'scanPartitions' | 'delete'>,
  root: string,
): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await store.scanPartitions({ root, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) if (await store.delete({ pk: item.pk, sk: item.sk })) deleted++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return deleted;
}
