/**
 * An in-memory ItemStore for domain unit tests. It passes the same contract as the real adapters:
 * the write rules come from shared/item-writes.ts, cursors from shared/cursor.ts. Items are kept as
 * JSON text so no caller can mutate a stored item through an object it was given or handed back.
 */
import type {
  IndexName,
  ItemData,
  ItemKey,
  ItemStore,
  NewItem,
  PutOptions,
  QueryInput,
  ScanPartitionsInput,
  SortKeyCondition,
  StoredItem,
  TransactOperation,
  UpdateChanges,
} from '../ports/item-store.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createCursorCodec, queryFingerprint, scanPartitionsFingerprint } from '../shared/cursor.ts';
import { AppError } from '../shared/errors.ts';
import { compareUtf8 } from '../shared/item-conditions.ts';
import {
  checkConditions,
  checkGetManyKeys,
  checkKey,
  checkQuery,
  checkScanPartitions,
  isUnderPartitionRoot,
} from '../shared/item-input.ts';
import {
  type CheckedOperation,
  checkChanges,
  checkPut,
  checkTransaction,
  type PlannedItem,
  planDelete,
  planPut,
  planUpdate,
  withIndex,
} from '../shared/item-writes.ts';

export interface MemoryItemStoreOptions {
  /** Decides expiry; defaults to the system clock. */
  clock?: Clock;
  cursorSecret?: string;
}

/** A stored item without its payload, plus the payload as JSON text. */
interface Row {
  item: Omit<StoredItem, 'data'>;
  dataJson: string;
}

const sortKeyField: Record<IndexName, 'gsi1sk' | 'gsi2sk'> = { gsi1: 'gsi1sk', gsi2: 'gsi2sk' };
const partitionKeyField: Record<IndexName, 'gsi1pk' | 'gsi2pk'> = { gsi1: 'gsi1pk', gsi2: 'gsi2pk' };

export function createMemoryItemStore(options: MemoryItemStoreOptions = {}): ItemStore {
  const clock = options.clock ?? systemClock;
  const cursors = createCursorCodec(options.cursorSecret ?? 'memory-item-store-cursor-secret');
  /** pk → sk → row. */
  const partitions = new Map<string, Map<string, Row>>();
  let closed = false;

  const nowSec = (): number => clock.nowMs() / 1000;
  const isLive = (row: Row, now: number): boolean => row.item.expiresAt === undefined || row.item.expiresAt > now;
  const toItem = <T extends ItemData>(row: Row): StoredItem<T> =>
    ({ ...row.item, data: JSON.parse(row.dataJson) }) as StoredItem<T>;

  function open(): void {
    if (closed) throw new AppError('unavailable', 'The item store is closed');
  }

  function live(key: ItemKey, now: number): StoredItem | undefined {
    const row = partitions.get(key.pk)?.get(key.sk);
    return row !== undefined && isLive(row, now) ? toItem(row) : undefined;
  }

  function write({ item, dataJson }: PlannedItem): void {
    const { data: _data, ...rest } = item;
    let partition = partitions.get(item.pk);
    if (partition === undefined) {
      partition = new Map();
      partitions.set(item.pk, partition);
    }
    partition.set(item.sk, { item: rest, dataJson });
  }

  function remove(key: ItemKey): void {
    const partition = partitions.get(key.pk);
    partition?.delete(key.sk);
    if (partition?.size === 0) partitions.delete(key.pk);
  }

  /** Applies one checked operation, or throws; used only after every operation has been planned. */
  function plan(op: CheckedOperation, now: number): (() => void) | undefined {
    const current = live(op.key, now);
    switch (op.kind) {
      case 'put': {
        const planned = planPut(op.put, current);
        return () => write(planned);
      }
      case 'update': {
        const planned = planUpdate(op.key, op.changes, current);
        return () => write(planned);
      }
      case 'delete':
        planDelete(op.condition, current);
        return () => remove(op.key);
      case 'conditionCheck':
        planDelete(op.condition, current);
        return undefined;
    }
  }

  return {
    async get<T extends ItemData = ItemData>(key: ItemKey) {
      open();
      return live(checkKey(key), nowSec()) as StoredItem<T> | undefined;
    },

    async getMany<T extends ItemData = ItemData>(keys: ItemKey[]) {
      open();
      const now = nowSec();
      return checkGetManyKeys(keys)
        .map((key) => live(key, now))
        .filter((item) => item !== undefined) as StoredItem<T>[];
    },

    async put<T extends ItemData>(item: NewItem<T>, putOptions?: PutOptions) {
      open();
      const put = checkPut(item as NewItem, putOptions?.condition);
      const planned = planPut(put, live(put.key, nowSec()));
      write(planned);
      return toItem<T>({ item: planned.item, dataJson: planned.dataJson });
    },

    async update<T extends ItemData = ItemData>(key: ItemKey, changes: UpdateChanges<T>) {
      open();
      const checkedKey = checkKey(key);
      const planned = planUpdate(checkedKey, checkChanges(changes as UpdateChanges), live(checkedKey, nowSec()));
      write(planned);
      return toItem<T>({ item: planned.item, dataJson: planned.dataJson });
    },

    async delete(key: ItemKey, deleteOptions?: PutOptions) {
      open();
      const checkedKey = checkKey(key);
      const deleted = planDelete(checkConditions(deleteOptions?.condition), live(checkedKey, nowSec()));
      remove(checkedKey);
      return deleted;
    },

    async query<T extends ItemData = ItemData>(input: QueryInput) {
      open();
      const query = checkQuery(input);
      const fingerprint = queryFingerprint(query);
      const position = query.cursor === undefined ? undefined : cursors.decode(query.cursor, fingerprint);
      const now = nowSec();
      const index = query.index;
      const sortKeyOf = (row: Row): string => (index === undefined ? row.item.sk : row.item[sortKeyField[index]]!);

      let rows: Row[];
      if (index === undefined) {
        rows = [...(partitions.get(query.pk)?.values() ?? [])];
      } else {
        rows = [];
        for (const partition of partitions.values()) {
          for (const row of partition.values()) {
            if (row.item[partitionKeyField[index]] === query.pk && row.item[sortKeyField[index]] !== undefined) {
              rows.push(row);
            }
          }
        }
      }
      // Order by sort key, then (on an index, where sort keys repeat) by the table key.
      const order = (a: Row, b: Row): number =>
        compareUtf8(sortKeyOf(a), sortKeyOf(b)) ||
        compareUtf8(a.item.pk, b.item.pk) ||
        compareUtf8(a.item.sk, b.item.sk);
      const direction = query.reverse ? -1 : 1;
      rows = rows.filter((row) => matches(query.sk, sortKeyOf(row)) && isLive(row, now));
      rows.sort((a, b) => direction * order(a, b));
      if (position !== undefined) {
        const after = { item: { pk: position.pk ?? '', sk: position.sk ?? '', version: 0 }, dataJson: '' } as Row;
        if (index !== undefined) after.item[sortKeyField[index]] = position.isk ?? '';
        rows = rows.filter((row) => direction * order(row, after) > 0);
      }
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const more = rows.length > query.limit && last !== undefined;
      const nextPosition = more
        ? { pk: last.item.pk, sk: last.item.sk, ...(index === undefined ? {} : { isk: sortKeyOf(last) }) }
        : undefined;
      return {
        items: page.map((row) => toItem<T>(row)),
        nextCursor: nextPosition === undefined ? null : cursors.encode(nextPosition, fingerprint),
      };
    },

    async scanPartitions<T extends ItemData = ItemData>(input: ScanPartitionsInput) {
      open();
      const { root, limit, cursor } = checkScanPartitions(input);
      const fingerprint = scanPartitionsFingerprint(root);
      const position = cursor === undefined ? undefined : cursors.decode(cursor, fingerprint);
      const now = nowSec();
      // In (pk, sk) order, strictly after the cursor's key: whatever was deleted since, nothing is skipped.
      const after = (pk: string, sk: string): boolean =>
        position === undefined || (compareUtf8(pk, position.pk ?? '') || compareUtf8(sk, position.sk ?? '')) > 0;
      const rows: Row[] = [];
      for (const [pk, partition] of partitions) {
        if (!isUnderPartitionRoot(pk, root)) continue;
        for (const [sk, row] of partition) if (isLive(row, now) && after(pk, sk)) rows.push(row);
      }
      rows.sort((a, b) => compareUtf8(a.item.pk, b.item.pk) || compareUtf8(a.item.sk, b.item.sk));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => toItem<T>(row)),
        nextCursor:
          rows.length > limit && last !== undefined
            ? cursors.encode({ pk: last.item.pk, sk: last.item.sk }, fingerprint)
            : null,
      };
    },

    async transact(operations: TransactOperation[]) {
      open();
      const checked = checkTransaction(operations);
      const now = nowSec();
      // Plan everything first (no await in between, so nothing interleaves), then apply.
      const steps = checked.map((op, index) => withIndex(index, () => plan(op, now)));
      for (const step of steps) step?.();
    },

    async ping() {
      open();
    },

    async close() {
      closed = true;
    },
  };
}

function matches(condition: SortKeyCondition | undefined, sk: string): boolean {
  if (condition === undefined) return true;
  if ('beginsWith' in condition) return sk.startsWith(condition.beginsWith);
  if ('between' in condition) {
    return compareUtf8(sk, condition.between[0]) >= 0 && compareUtf8(sk, condition.between[1]) <= 0;
  }
  if ('eq' in condition) return sk === condition.eq;
  if ('lt' in condition) return compareUtf8(sk, condition.lt) < 0;
  if ('lte' in condition) return compareUtf8(sk, condition.lte) <= 0;
  if ('gt' in condition) return compareUtf8(sk, condition.gt) > 0;
  return compareUtf8(sk, condition.gte) >= 0;
}
