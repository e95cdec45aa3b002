/**
 * ItemStore on one DynamoDB table (layout in table-design.ts), through the AWS SDK v3 document client.
 *
 * Stored item: pk, sk, the optional gsi keys, `version`, `expiresAt` (the table's TTL attribute) and
 * `data`, a map holding the payload, so `add` is one atomic `SET #data.#f = if_not_exists(#data.#f, 0) + n`.
 *
 * Creating through `update`: DynamoDB cannot SET `data.f` while `data` itself is missing, and one
 * expression cannot both create the map and set inside it. So an update first runs against the
 * existing item (condition: it exists and is live, plus the caller's clauses) and asks for the old
 * item when that fails. If there was none (or it had expired), the item is written whole with a
 * "must be absent" condition instead. If someone else created it in between, that put fails and we go
 * back to the first form. Each attempt is one atomic DynamoDB write, so no increment is ever lost or
 * doubled: 100 concurrent `add`s on a new item give exactly 100. Transactions use the same two forms
 * per update and switch the form of an operation when DynamoDB reports it was wrong (see transact).
 */

import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  AppError,
  type CheckedChanges,
  type CheckedOperation,
  type ConditionClause,
  ConditionFailedError,
  type CursorPosition,
  checkChanges,
  checkConditions,
  checkGetManyKeys,
  checkKey,
  checkPut,
  checkQuery,
  checkScanPartitions,
  checkTransaction,
  createCursorCodec,
  type IndexKeyName,
  type IndexName,
  type ItemData,
  type ItemKey,
  type ItemStore,
  indexKeyNames,
  isAppError,
  type NewItem,
  planUpdate,
  type QueryInput,
  queryFingerprint,
  type ScanPartitionsInput,
  type SortKeyCondition,
  type StoredItem,
  scanPartitionsFingerprint,
  type TransactOperation,
  withIndex,
} from '@diatonic/core';
import { fromDynamoValue, toDynamoValue, toNumber } from './attribute-values.ts';
import { createExpressionBuilder, type ExpressionBuilder, holdsForAbsentItem } from './expression-builder.ts';
import { attributeNames as A, globalSecondaryIndexes } from './table-design.ts';
import { fromValidationMessage, toStoreError } from './to-store-error.ts';

export interface DynamoItemStoreOptions {
  /** The store owns the client: close() destroys it. */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Signs query cursors, so a client cannot forge a position in someone else's partition. */
  cursorSecret: string;
  /** Decides TTL expiry; defaults to the system clock. */
  nowMs?: () => number;
}

type RawItem = Record<string, unknown>;

/** Port field → table attribute, for the index keys. */
const indexAttributes: Record<IndexKeyName, string> = {
  gsi1pk: A.gsi1PartitionKey,
  gsi1sk: A.gsi1SortKey,
  gsi2pk: A.gsi2PartitionKey,
  gsi2sk: A.gsi2SortKey,
};
/** The port's sort-key field of each index, to build a cursor position from a returned item. */
const indexSortFields: Record<IndexName, IndexKeyName> = { gsi1: 'gsi1sk', gsi2: 'gsi2sk' };

/** Bounds on our own retry loops (the SDK already retries throttling and network errors). */
const maxWriteAttempts = 10;
const maxBatchGetAttempts = 8;
const pingKey = { [A.partitionKey]: '~ping', [A.sortKey]: '~ping' };

export function createDynamoItemStore(options: DynamoItemStoreOptions): ItemStore {
  const { client, tableName } = options;
  const nowMs = options.nowMs ?? Date.now;
  const cursors = createCursorCodec(options.cursorSecret);
  let closed = false;

  const nowSec = (): number => nowMs() / 1000;

  /** Sends one request and maps its failure; every DynamoDB call goes through here or retryConflicts. */
  async function call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await retryConflicts(send);
    } catch (error) {
      throw toStoreError(error, tableName);
    }
  }

  /**
   * A single-item write that meets an item inside a running transaction fails with
   * TransactionConflictException, which the SDK does not retry; it is transient, so we do.
   */
  async function retryConflicts<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (closed) throw new AppError('unavailable', 'The item store is closed');
      try {
        return await send();
      } catch (error) {
        if (attempt >= maxWriteAttempts || (error as Error)?.name !== 'TransactionConflictException') throw error;
      }
      await sleep(backoffMs(attempt));
    }
  }

  function keyOf(key: ItemKey): RawItem {
    return { [A.partitionKey]: key.pk, [A.sortKey]: key.sk };
  }

  function toRaw(item: StoredItem): RawItem {
    const raw: RawItem = keyOf(item);
    for (const name of indexKeyNames) if (item[name] !== undefined) raw[indexAttributes[name]] = item[name];
    raw[A.data] = toDynamoValue(item.data);
    raw[A.version] = item.version;
    if (item.expiresAt !== undefined) raw[A.timeToLive] = item.expiresAt;
    return raw;
  }

  function fromRaw<T extends ItemData>(raw: RawItem): StoredItem<T> {
    const item: StoredItem = {
      pk: String(raw[A.partitionKey]),
      sk: String(raw[A.sortKey]),
      data: (fromDynamoValue(raw[A.data]) ?? {}) as ItemData,
      version: toNumber(raw[A.version]) ?? 1,
    };
    for (const name of indexKeyNames) {
      const value = raw[indexAttributes[name]];
      if (typeof value === 'string') item[name] = value;
    }
    const expiresAt = toNumber(raw[A.timeToLive]);
    if (expiresAt !== undefined) item.expiresAt = expiresAt;
    return item as StoredItem<T>;
  }

  /** Works on document-client items and on the raw `{ N: … }` items that errors carry. */
  function isLive(raw: unknown, now: number): boolean {
    if (raw === null || typeof raw !== 'object' || Object.keys(raw).length === 0) return false;
    const expiresAt = toNumber((raw as RawItem)[A.timeToLive]);
    return expiresAt === undefined || expiresAt > now;
  }

  function expressionParts(b: ExpressionBuilder, conditionExpression: string | undefined) {
    return {
      ...(conditionExpression === undefined ? {} : { ConditionExpression: conditionExpression }),
      ...(b.names() === undefined ? {} : { ExpressionAttributeNames: b.names() }),
      ...(b.values() === undefined ? {} : { ExpressionAttributeValues: b.values() }),
    };
  }

  /** The put of a whole, already checked item (see checkPut). */
  function putRequest(item: StoredItem, clauses: ConditionClause[], now: number) {
    const b = createExpressionBuilder();
    return { TableName: tableName, Item: toRaw(item), ...expressionParts(b, b.condition(clauses, now)) };
  }

  /** The update run against an existing, live item. */
  function updateExistingRequest(key: ItemKey, changes: CheckedChanges, now: number) {
    const b = createExpressionBuilder();
    const sets: string[] = [];
    const removes: string[] = [];
    for (const [field, value] of changes.set) sets.push(`${b.dataPath(field)} = ${b.value(value)}`);
    for (const [field, amount] of changes.add) {
      const path = b.dataPath(field);
      sets.push(`${path} = if_not_exists(${path}, ${b.value(0)}) + ${b.value(amount)}`);
    }
    for (const field of changes.remove) removes.push(b.dataPath(field));
    const version = b.name(A.version);
    sets.push(`${version} = if_not_exists(${version}, ${b.value(0)}) + ${b.value(1)}`);
    for (const [name, value] of changes.index) {
      if (value === null) removes.push(b.name(indexAttributes[name]));
      else sets.push(`${b.name(indexAttributes[name])} = ${b.value(value)}`);
    }
    if (changes.expiresAt === null) removes.push(b.name(A.timeToLive));
    else if (changes.expiresAt !== undefined) sets.push(`${b.name(A.timeToLive)} = ${b.value(changes.expiresAt)}`);

    const condition = [b.live(now), b.condition(changes.condition, now)].filter((part) => part !== undefined);
    return {
      TableName: tableName,
      Key: keyOf(key),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ...expressionParts(b, condition.join(' AND ')),
    };
  }

  /**
   * The item an update writes when there is no live item yet (version 1, adds counted from 0), size
   * checked. The caller decides whether the condition allows creating it (holdsForAbsentItem).
   */
  function createdItem(key: ItemKey, changes: CheckedChanges): StoredItem {
    return planUpdate(key, { ...changes, condition: [] }, undefined).item;
  }

  function createRequest(item: StoredItem, now: number) {
    const b = createExpressionBuilder();
    return { TableName: tableName, Item: toRaw(item), ...expressionParts(b, b.absent(now)) };
  }

  function conditionRequest(key: ItemKey, clauses: ConditionClause[], now: number) {
    const b = createExpressionBuilder();
    return { TableName: tableName, Key: keyOf(checkKey(key)), ...expressionParts(b, b.condition(clauses, now)) };
  }

  const store: ItemStore = {
    async get<T extends ItemData = ItemData>(key: ItemKey) {
      const checked = checkKey(key);
      const out = await call(() =>
        client.send(new GetCommand({ TableName: tableName, Key: keyOf(checked), ConsistentRead: true })),
      );
      return out.Item !== undefined && isLive(out.Item, nowSec()) ? fromRaw<T>(out.Item) : undefined;
    },

    async getMany<T extends ItemData = ItemData>(keys: ItemKey[]) {
      // Distinct keys: BatchGet rejects duplicates, and a key asked twice is still one item.
      let pending: RawItem[] = checkGetManyKeys(keys).map(keyOf);
      const found: RawItem[] = [];
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > maxBatchGetAttempts) {
          throw new AppError('unavailable', 'The database did not return every item; try again');
        }
        if (attempt > 1) await sleep(backoffMs(attempt - 1));
        const request = { [tableName]: { Keys: pending, ConsistentRead: true } };
        const out = await call(() => client.send(new BatchGetCommand({ RequestItems: request })));
        found.push(...(out.Responses?.[tableName] ?? []));
        pending = (out.UnprocessedKeys?.[tableName]?.Keys as RawItem[] | undefined) ?? [];
      }
      const now = nowSec();
      return found.filter((raw) => isLive(raw, now)).map((raw) => fromRaw<T>(raw));
    },

    async put<T extends ItemData>(item: NewItem<T>, putOptions?: { condition?: ConditionClause[] }) {
      const { planned, condition } = checkPut(item, putOptions?.condition);
      await call(() => client.send(new PutCommand(putRequest(planned.item, condition, nowSec()))));
      return planned.item as StoredItem<T>;
    },

    async update<T extends ItemData = ItemData>(key: ItemKey, rawChanges: Parameters<ItemStore['update']>[1]) {
      if (closed) throw new AppError('unavailable', 'The item store is closed');
      const checked = checkKey(key);
      const changes = checkChanges(rawChanges);
      // Fail on an oversized change before touching the table (the item can only be larger).
      createdItem(checked, changes);
      for (let attempt = 1; attempt <= maxWriteAttempts; attempt++) {
        const now = nowSec();
        try {
          const request = {
            ...updateExistingRequest(checked, changes, now),
            ReturnValues: 'ALL_NEW' as const,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
          };
          const out = await retryConflicts(() => client.send(new UpdateCommand(request)));
          return fromRaw<T>(out.Attributes ?? {});
        } catch (error) {
          if (closed || !isConditionalCheckFailure(error)) throw toStoreError(error, tableName);
          // A live item was there, so it was the caller's condition that did not hold.
          if (isLive((error as { Item?: unknown }).Item, now)) throw new ConditionFailedError();
        }
        if (!holdsForAbsentItem(changes.condition)) throw new ConditionFailedError();
        const created = createdItem(checked, changes);
        try {
          await retryConflicts(() => client.send(new PutCommand(createRequest(created, nowSec()))));
          return created as StoredItem<T>;
        } catch (error) {
          if (closed || !isConditionalCheckFailure(error)) throw toStoreError(error, tableName);
          // Created concurrently: loop and apply the change to that item.
        }
      }
      throw AppError.conflict('The item kept changing during the update; try again', { reason: 'contention' });
    },

    async delete(key: ItemKey, deleteOptions?: { condition?: ConditionClause[] }) {
      const now = nowSec();
      const request = conditionRequest(key, checkConditions(deleteOptions?.condition), now);
      const out = await call(() => client.send(new DeleteCommand({ ...request, ReturnValues: 'ALL_OLD' })));
      return out.Attributes !== undefined && isLive(out.Attributes, now);
    },

    async query<T extends ItemData = ItemData>(input: QueryInput) {
      const { index, pk, sk, reverse, limit, cursor } = checkQuery(input);
      const indexDesign =
        index === undefined ? undefined : globalSecondaryIndexes.find((gsi) => gsi.indexName === index);
      if (index !== undefined && indexDesign === undefined) {
        throw new AppError('internal', `The table design has no index ${index}`);
      }
      const pkAttribute = indexDesign?.partitionKey ?? A.partitionKey;
      const skAttribute = indexDesign?.sortKey ?? A.sortKey;
      // The start key names exactly the table's and the queried index's key attributes, all strings.
      const positionAttributes = [
        A.partitionKey,
        A.sortKey,
        ...(indexDesign ? [indexDesign.partitionKey, indexDesign.sortKey] : []),
      ];
      const checkPosition = (position: CursorPosition): RawItem => {
        const names = Object.keys(position);
        const valid =
          names.length === positionAttributes.length &&
          positionAttributes.every((name) => typeof position[name] === 'string' && position[name] !== '') &&
          position[pkAttribute] === pk;
        if (!valid)
          throw AppError.invalidInput('The cursor is invalid or belongs to another query', { field: 'cursor' });
        return position;
      };

      const fingerprint = queryFingerprint({ index, pk, sk, reverse });
      let startKey: RawItem | undefined =
        cursor === undefined ? undefined : checkPosition(cursors.decode(cursor, fingerprint));

      const b = createExpressionBuilder();
      const sortCondition = sortKeyExpression(b, skAttribute, sk);
      if (sortCondition === 'empty') return { items: [], nextCursor: null };
      const keyCondition = [`${b.name(pkAttribute)} = ${b.value(pk)}`, sortCondition]
        .filter((part) => part !== undefined)
        .join(' AND ');
      const ttl = b.name(A.timeToLive);
      const filter = `attribute_not_exists(${ttl}) OR ${ttl} > ${b.value(nowSec())}`;
      const items: StoredItem<T>[] = [];
      // Fetch one item more than asked, so nextCursor is null exactly when nothing follows. Expired
      // items are filtered after DynamoDB applies Limit, so a round may return fewer: ask again.
      while (items.length <= limit) {
        const out = await call(() =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              ...(indexDesign === undefined ? { ConsistentRead: true } : { IndexName: indexDesign.indexName }),
              KeyConditionExpression: keyCondition,
              FilterExpression: filter,
              ExpressionAttributeNames: b.names(),
              ExpressionAttributeValues: b.values(),
              ScanIndexForward: !reverse,
              Limit: limit + 1 - items.length,
              ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
            }),
          ),
        );
        for (const raw of out.Items ?? []) items.push(fromRaw<T>(raw));
        startKey = out.LastEvaluatedKey;
        if (startKey === undefined) break;
      }
      if (items.length <= limit) return { items, nextCursor: null };
      const page = items.slice(0, limit);
      const last = page[page.length - 1]!;
      const position: CursorPosition = { [A.partitionKey]: last.pk, [A.sortKey]: last.sk };
      if (indexDesign !== undefined) {
        position[indexDesign.partitionKey] = pk;
        position[indexDesign.sortKey] = last[indexSortFields[indexDesign.indexName]] ?? '';
      }
      return { items: page, nextCursor: cursors.encode(position, fingerprint) };
    },

    async scanPartitions<T extends ItemData = ItemData>(input: ScanPartitionsInput) {
      const { root, limit, cursor } = checkScanPartitions(input);
      const fingerprint = scanPartitionsFingerprint(root);
      // The cursor is the table key where the previous Scan stopped (any item's, not only the root's):
      // exactly the table's two key attributes, both strings. A Scan resumes after that key whether or not
      // the item still exists, so deleting what a page returned skips nothing.
      const startKey = cursor === undefined ? undefined : scanPosition(cursors.decode(cursor, fingerprint));
      const b = createExpressionBuilder();
      const pk = b.name(A.partitionKey);
      const ttl = b.name(A.timeToLive);
      const underRoot = `(${pk} = ${b.value(root)} OR begins_with(${pk}, ${b.value(`${root}#`)}))`;
      const live = `(attribute_not_exists(${ttl}) OR ${ttl} > ${b.value(nowSec())})`;
      // Limit counts the items DynamoDB reads, before the filter: a page may be empty and still not the last.
      const out = await call(() =>
        client.send(
          new ScanCommand({
            TableName: tableName,
            // Eventually consistent, at half the reads of a consistent Scan (the port says why that is enough).
            ConsistentRead: false,
            FilterExpression: `${underRoot} AND ${live}`,
            ExpressionAttributeNames: b.names(),
            ExpressionAttributeValues: b.values(),
            Limit: limit,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      const items = (out.Items ?? []).map((raw) => fromRaw<T>(raw));
      const last = out.LastEvaluatedKey;
      if (last === undefined) return { items, nextCursor: null };
      const position = scanPosition({ [A.partitionKey]: last[A.partitionKey], [A.sortKey]: last[A.sortKey] });
      return { items, nextCursor: cursors.encode(position, fingerprint) };
    },

    async transact(operations: TransactOperation[]) {
      const prepared = checkTransaction(operations);
      if (prepared.length === 0) return;
      // Fail on an oversized update before touching the table (the item can only be larger).
      for (const [index, op] of prepared.entries()) {
        if (op.kind === 'update') withIndex(index, () => createdItem(op.key, op.changes));
      }
      // Which form each update takes: against the live item, or creating it (see the file comment).
      const creates = new Set<number>();
      let conflicts = 0;
      for (let attempt = 1; attempt <= maxWriteAttempts; attempt++) {
        if (conflicts > 0) await sleep(backoffMs(conflicts));
        const now = nowSec();
        const items = prepared.map((op, index) => transactItem(op, creates.has(index), now));
        try {
          if (closed) throw new AppError('unavailable', 'The item store is closed');
          await client.send(new TransactWriteCommand({ TransactItems: items }));
          return;
        } catch (error) {
          if (isAppError(error) || (error as Error)?.name !== 'TransactionCanceledException') {
            throw toStoreError(error, tableName);
          }
          const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
          let failed: number | undefined;
          const flips: number[] = [];
          for (const [index, reason] of reasons.entries()) {
            if (reason.Code !== 'ConditionalCheckFailed') continue;
            const op = prepared[index];
            if (op?.kind !== 'update') {
              failed ??= index;
              continue;
            }
            const live = isLive(reason.Item, now);
            if (!creates.has(index) && !live && holdsForAbsentItem(op.changes.condition)) flips.push(index);
            else if (creates.has(index) && live) flips.push(index);
            else failed ??= index;
          }
          if (failed !== undefined) throw new ConditionFailedError(undefined, failed);
          if (flips.length > 0) {
            for (const index of flips) {
              if (creates.has(index)) creates.delete(index);
              else creates.add(index);
            }
            continue;
          }
          const codes = new Set(reasons.map((reason) => reason.Code));
          if (codes.has('TransactionConflict')) {
            conflicts++;
            continue;
          }
          const invalid = reasons.find((reason) => reason.Code === 'ValidationError');
          if (invalid !== undefined) throw fromValidationMessage(invalid.Message ?? '', error) ?? error;
          if (codes.has('ThrottlingError') || codes.has('ProvisionedThroughputExceeded')) {
            throw new AppError('unavailable', 'The database is busy; try again', { cause: error });
          }
          throw error;
        }
      }
      throw AppError.conflict('The transaction kept conflicting with concurrent writes; try again', {
        reason: 'contention',
      });
    },

    async ping() {
      await call(() => client.send(new GetCommand({ TableName: tableName, Key: pingKey })));
    },

    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
    },
  };

  function transactItem(op: CheckedOperation, create: boolean, now: number) {
    const onFailure = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
    switch (op.kind) {
      case 'put':
        return { Put: { ...putRequest(op.put.planned.item, op.put.condition, now), ...onFailure } };
      case 'update':
        return create
          ? { Put: { ...createRequest(createdItem(op.key, op.changes), now), ...onFailure } }
          : { Update: { ...updateExistingRequest(op.key, op.changes, now), ...onFailure } };
      case 'delete':
        return { Delete: { ...conditionRequest(op.key, op.condition, now), ...onFailure } };
      case 'conditionCheck': {
        const request = conditionRequest(op.key, op.condition, now);
        return { ConditionCheck: { ...request, ConditionExpression: request.ConditionExpression ?? '', ...onFailure } };
      }
    }
  }

  return store;
}

/** A Scan start key: the table's two key attributes, non-empty strings, and nothing else. */
function scanPosition(position: Record<string, unknown>): CursorPosition {
  const names = Object.keys(position);
  const pk = position[A.partitionKey];
  const sk = position[A.sortKey];
  if (names.length !== 2 || typeof pk !== 'string' || pk === '' || typeof sk !== 'string' || sk === '') {
    throw AppError.invalidInput('The cursor is invalid or belongs to another query', { field: 'cursor' });
  }
  return { [A.partitionKey]: pk, [A.sortKey]: sk };
}

interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: unknown;
}

function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * The sort-key part of a KeyConditionExpression, for a condition checkQuery accepted. DynamoDB rejects
 * empty strings as key values, and no stored sort key is empty, so conditions on '' are resolved here:
 * 'empty' means no item can match.
 */
function sortKeyExpression(
  b: ExpressionBuilder,
  attribute: string,
  condition: SortKeyCondition | undefined,
): string | undefined | 'empty' {
  if (condition === undefined) return undefined;
  const sk = b.name(attribute);
  if ('beginsWith' in condition) {
    const prefix = condition.beginsWith;
    return prefix === '' ? undefined : `begins_with(${sk}, ${b.value(prefix)})`;
  }
  if ('between' in condition) {
    const [low, high] = condition.between;
    // Keys compare as UTF-8 bytes in DynamoDB (and in SQLite); an inverted range matches nothing.
    if (high === '' || Buffer.compare(Buffer.from(low), Buffer.from(high)) > 0) return 'empty';
    return low === '' ? `${sk} <= ${b.value(high)}` : `${sk} BETWEEN ${b.value(low)} AND ${b.value(high)}`;
  }
  if ('eq' in condition) return condition.eq === '' ? 'empty' : `${sk} = ${b.value(condition.eq)}`;
  if ('lt' in condition) return condition.lt === '' ? 'empty' : `${sk} < ${b.value(condition.lt)}`;
  if ('lte' in condition) return condition.lte === '' ? 'empty' : `${sk} <= ${b.value(condition.lte)}`;
  if ('gt' in condition) return condition.gt === '' ? undefined : `${sk} > ${b.value(condition.gt)}`;
  return condition.gte === '' ? undefined : `${sk} >= ${b.value(condition.gte)}`;
}

/** Exponential backoff with full jitter, from 25 ms up to 1 s. */
function backoffMs(retry: number): number {
  return Math.random() * Math.min(1_000, 25 * 2 ** retry);
}

function sleep(ms: number): Promise<void> {
  return new Promise((wake) => setTimeout(wake, ms));
}
