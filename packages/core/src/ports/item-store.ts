/**
 * ItemStore: the single-table storage port (DESIGN §3). It offers only what DynamoDB can do, so nothing
 * works locally that fails in production. Every adapter must pass `item-store.contract.ts`.
 *
 * Model: an item is addressed by (pk, sk) and may carry two secondary index keys (gsi1, gsi2). Its
 * payload is `data`, a JSON object whose top-level fields can be set, removed or atomically added to.
 * `version` starts at 1 and grows by one on every update; conditions can pin it (optimistic locking).
 * `expiresAt` (epoch seconds, DynamoDB TTL style) makes an item invisible to reads and conditions once past.
 */

export type IndexName = 'gsi1' | 'gsi2';

export interface ItemKey {
  pk: string;
  sk: string;
}

export interface IndexKeys {
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

export type ItemData = Record<string, unknown>;

export interface StoredItem<T extends ItemData = ItemData> extends ItemKey, IndexKeys {
  data: T;
  version: number;
  /** Epoch seconds after which the item no longer exists for readers. */
  expiresAt?: number;
}

export interface NewItem<T extends ItemData = ItemData> extends ItemKey, IndexKeys {
  data: T;
  expiresAt?: number;
}

/** Scalars a condition may compare a top-level data field with. */
export type ConditionValue = string | number | boolean;

/**
 * One clause of a write condition; a write's clauses must all hold (AND).
 * Comparisons on a missing field are false, as in DynamoDB.
 */
export type ConditionClause =
  | { kind: 'notExists' }
  | { kind: 'exists' }
  | { kind: 'versionEquals'; version: number }
  | { kind: 'compare'; field: string; op: '=' | '<>' | '<' | '<=' | '>' | '>='; value: ConditionValue }
  | { kind: 'fieldExists'; field: string }
  | { kind: 'fieldNotExists'; field: string };

export interface PutOptions {
  condition?: ConditionClause[];
}

export interface UpdateChanges<T extends ItemData = ItemData> {
  /** Top-level data fields to replace. */
  set?: Partial<T>;
  /** Top-level numeric data fields to add to atomically (a missing field counts as 0). */
  add?: Partial<Record<keyof T & string, number>>;
  /** Top-level data fields to delete. */
  remove?: (keyof T & string)[];
  /** Index keys to set; `null` removes the key so the item leaves that index. */
  index?: { [K in keyof IndexKeys]?: string | null };
  /** New expiry in epoch seconds; `null` removes it. */
  expiresAt?: number | null;
  condition?: ConditionClause[];
}

export type SortKeyCondition =
  | { beginsWith: string }
  | { between: [string, string] }
  | { eq: string }
  | { lt: string }
  | { lte: string }
  | { gt: string }
  | { gte: string };

export interface QueryInput {
  /** Query the table (default) or a global secondary index. */
  index?: IndexName;
  /** Partition key value: `pk` on the table, `gsi1pk`/`gsi2pk` on an index. */
  pk: string;
  sk?: SortKeyCondition;
  /** Newest / highest sort key first when true. */
  reverse?: boolean;
  /** Page size, 1–1000; defaults to 100. */
  limit?: number;
  /** Opaque cursor from a previous page of the same query. A tampered or foreign cursor is rejected with invalid_input. */
  cursor?: string;
}

export interface ScanPartitionsInput {
  /** Partition root: items whose pk equals `root` or starts with `${root}#` (so `T#org_1` never matches `T#org_12`). */
  root: string;
  /** Page size, 1–1000; defaults to 1000 (maxQueryLimit). */
  limit?: number;
  /** nextCursor of the previous page of the same root. A tampered or foreign cursor is rejected with invalid_input. */
  cursor?: string;
}

export interface QueryPage<T extends ItemData = ItemData> {
  items: StoredItem<T>[];
  nextCursor: string | null;
}

export type TransactOperation =
  | { kind: 'put'; item: NewItem; condition?: ConditionClause[] }
  | { kind: 'update'; key: ItemKey; changes: UpdateChanges }
  | { kind: 'delete'; key: ItemKey; condition?: ConditionClause[] }
  | { kind: 'conditionCheck'; key: ItemKey; condition: ConditionClause[] };

export interface ItemStore {
  get<T extends ItemData = ItemData>(key: ItemKey): Promise<StoredItem<T> | undefined>;
  /** Up to 100 keys; missing and expired items are left out; order is not guaranteed. */
  getMany<T extends ItemData = ItemData>(keys: ItemKey[]): Promise<StoredItem<T>[]>;
  /**
   * Writes the whole item. Version becomes 1, or `version + 1` when the condition pins a version.
   * Throws ConditionFailedError when a condition does not hold.
   */
  put<T extends ItemData>(item: NewItem<T>, options?: PutOptions): Promise<StoredItem<T>>;
  /**
   * Updates (or creates, when no condition forbids it) and returns the item as written. `T` is never
   * inferred from `changes` (a `set` alone would otherwise narrow which fields `add` and `remove` accept).
   */
  update<T extends ItemData = ItemData>(key: ItemKey, changes: UpdateChanges<NoInfer<T>>): Promise<StoredItem<T>>;
  /** Returns whether an item was deleted. Throws ConditionFailedError when a condition does not hold. */
  delete(key: ItemKey, options?: PutOptions): Promise<boolean>;
  query<T extends ItemData = ItemData>(input: QueryInput): Promise<QueryPage<T>>;
  /**
   * Every live item under one partition root, a page at a time, in no promised order: whole-tenant
   * maintenance only (organisation deletion sweeps `T#<orgId>`). On DynamoDB this is a Scan with a filter:
   * its cost grows with the table, not the tenant, and a page may be empty while nextCursor is set.
   * Items may be deleted between pages (the sweep deletes what it read) without the next page skipping any.
   * The cursor may carry the key of an item outside the root (where DynamoDB stopped): keep it server-side.
   * Unlike `get` and `query`, it may miss an item written a moment before (DynamoDB's eventually consistent
   * Scan, at half the read cost of a consistent one): a caller that must see everything sweeps again later.
   */
  scanPartitions<T extends ItemData = ItemData>(input: ScanPartitionsInput): Promise<QueryPage<T>>;
  /** Up to 100 operations on distinct items that all succeed or none does. ConditionFailedError.index names the first failing one. */
  transact(operations: TransactOperation[]): Promise<void>;
  /** Cheap round trip used by the readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Our own item size limit, checked identically by every adapter before writing. It sits below
 * DynamoDB's 400 KB so that DynamoDB's own (differently computed) limit is never the one that trips.
 */
export const maxItemBytes = 350 * 1024;
export const maxTransactOperations = 100;
export const maxQueryLimit = 1000;
