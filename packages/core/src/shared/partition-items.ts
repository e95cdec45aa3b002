/**
 * Every item of one partition (or of one prefix of it), page by page: what account export reads and
 * account and organisation deletion remove. Deletion collects every key first, then deletes: deleting
 * while paging would disturb the cursors.
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
