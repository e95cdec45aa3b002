import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AppError, ConditionFailedError, type ItemStore } from '@diatonic/core';
import { describeItemStoreContract } from '@diatonic/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, dynamoDbLocalSkipReason, startDynamoDbLocal } from '../../test/dynamodb-local.ts';
import { createDynamoItemStore } from './dynamodb-item-store.ts';
import { attributeNames, createTableInput, globalSecondaryIndexes, updateTimeToLiveInput } from './table-design.ts';

// On CI a missing java fails here instead of skipping (DEVELOPERS.md: suites never skip on CI).
const skipReason = dynamoDbLocalSkipReason({ ci: process.env.CI === 'true' });
if (skipReason !== undefined) console.warn(`Skipping DynamoDB Local tests: ${skipReason}`);

let emulator: DynamoDbLocal | undefined;
const cursorSecret = 'test-cursor-secret-0123456789';

function lowLevelClient(): DynamoDBClient {
  if (emulator === undefined) throw new Error('DynamoDB Local is not running');
  return new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

const stores: ItemStore[] = [];

/** A store on a fresh table of its own, so every test starts empty. */
async function freshStore(nowMs?: () => number): Promise<{ store: ItemStore; tableName: string }> {
  const tableName = `items-${randomUUID()}`;
  const base = lowLevelClient();
  await base.send(new CreateTableCommand(createTableInput(tableName)));
  await base.send(new UpdateTimeToLiveCommand(updateTimeToLiveInput(tableName)));
  const store = createDynamoItemStore({ client: DynamoDBDocumentClient.from(base), tableName, cursorSecret, nowMs });
  stores.push(store);
  return { store, tableName };
}

describe.skipIf(skipReason !== undefined)(
  `DynamoDB ItemStore on DynamoDB Local${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      emulator = await startDynamoDbLocal();
    });
    afterAll(async () => {
      for (const store of stores) await store.close();
      await emulator?.stop();
    });

    describeItemStoreContract('DynamoDB Local', async () => {
      let now = Date.now();
      const clock = {
        nowMs: () => now,
        advanceMs: (ms: number) => {
          now += ms;
        },
      };
      const { store } = await freshStore(() => clock.nowMs());
      return { store, clock, cleanup: async () => store.close() };
    });

    it('writes exactly the attributes table-design names, with the key schema it declares', async () => {
      const { store, tableName } = await freshStore();
      await store.put({
        pk: 'T#1',
        sk: 'A',
        gsi1pk: 'G1',
        gsi1sk: 'g1',
        gsi2pk: 'G2',
        gsi2sk: 'g2',
        data: { title: 'x' },
        expiresAt: 4_000_000_000,
      });
      const raw = lowLevelClient();
      const out = await raw.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'T#1' }, sk: { S: 'A' } }, ConsistentRead: true }),
      );
      raw.destroy();
      expect(Object.keys(out.Item ?? {}).sort()).toEqual(Object.values(attributeNames).sort());
      expect(out.Item?.[attributeNames.data]).toEqual({ M: { title: { S: 'x' } } });
      expect(out.Item?.[attributeNames.version]).toEqual({ N: '1' });
      expect(out.Item?.[attributeNames.timeToLive]).toEqual({ N: '4000000000' });

      const input = createTableInput(tableName);
      expect(input.KeySchema).toEqual([
        { AttributeName: attributeNames.partitionKey, KeyType: 'HASH' },
        { AttributeName: attributeNames.sortKey, KeyType: 'RANGE' },
      ]);
      expect(input.GlobalSecondaryIndexes?.map((gsi) => [gsi.IndexName, gsi.Projection?.ProjectionType])).toEqual([
        ['gsi1', 'ALL'],
        ['gsi2', 'ALL'],
      ]);
      expect(globalSecondaryIndexes.map((gsi) => [gsi.partitionKey, gsi.sortKey])).toEqual([
        [attributeNames.gsi1PartitionKey, attributeNames.gsi1SortKey],
        [attributeNames.gsi2PartitionKey, attributeNames.gsi2SortKey],
      ]);
      expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('counts 100 parallel increments on an item that does not exist yet exactly once each', async () => {
      const { store } = await freshStore();
      const key = { pk: 'T#1', sk: 'COUNTER' };
      await Promise.all(Array.from({ length: 100 }, () => store.update(key, { add: { hits: 1 } })));
      const item = await store.get(key);
      expect(item?.data).toEqual({ hits: 100 });
      expect(item?.version).toBe(100);
    });

    it('creates through update only when the condition allows an absent item', async () => {
      const { store } = await freshStore();
      await expect(
        store.update({ pk: 'p', sk: 'a' }, { set: { x: 1 }, condition: [{ kind: 'exists' }] }),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      expect(await store.get({ pk: 'p', sk: 'a' })).toBeUndefined();
      type Row = { x?: number; n?: number };
      const created = await store.update<Row>(
        { pk: 'p', sk: 'a' },
        { set: { x: 1 }, add: { n: 2 }, index: { gsi1pk: 'G', gsi1sk: 's' }, condition: [{ kind: 'notExists' }] },
      );
      expect(created).toEqual({ pk: 'p', sk: 'a', gsi1pk: 'G', gsi1sk: 's', data: { x: 1, n: 2 }, version: 1 });
      const updated = await store.update<Row>(
        { pk: 'p', sk: 'a' },
        { remove: ['x'], add: { n: -5 }, index: { gsi1pk: null }, condition: [{ kind: 'versionEquals', version: 1 }] },
      );
      expect(updated).toEqual({ pk: 'p', sk: 'a', gsi1sk: 's', data: { n: -3 }, version: 2 });
      await expect(
        store.update({ pk: 'p', sk: 'a' }, { add: { n: 1 }, condition: [{ kind: 'notExists' }] }),
      ).rejects.toBeInstanceOf(ConditionFailedError);
    });

    it('treats an expired item as absent for reads, conditions and updates', async () => {
      let now = 1_000_000_000_000;
      const { store } = await freshStore(() => now);
      const expiresAt = now / 1000 + 60;
      await store.put({ pk: 'p', sk: 'a', data: { n: 5 }, expiresAt });
      await store.put({ pk: 'p', sk: 'b', data: { n: 6 } });
      expect((await store.get({ pk: 'p', sk: 'a' }))?.data).toEqual({ n: 5 });
      now += 60_000;
      expect(await store.get({ pk: 'p', sk: 'a' })).toBeUndefined();
      expect(
        await store.getMany([
          { pk: 'p', sk: 'a' },
          { pk: 'p', sk: 'b' },
        ]),
      ).toHaveLength(1);
      expect((await store.query({ pk: 'p' })).items.map((item) => item.sk)).toEqual(['b']);
      await expect(
        store.update({ pk: 'p', sk: 'a' }, { add: { n: 1 }, condition: [{ kind: 'exists' }] }),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      // An add on an expired item starts from a fresh item, not from the stale 5.
      expect((await store.update({ pk: 'p', sk: 'a' }, { add: { n: 1 } })).data).toEqual({ n: 1 });
      expect(
        await store.delete({ pk: 'p', sk: 'b' }, { condition: [{ kind: 'notExists' }] }).catch((e) => e),
      ).toBeInstanceOf(ConditionFailedError);
    });

    it('fills every page despite expired items and pages with a cursor that cannot be tampered with', async () => {
      let now = 1_000_000_000_000;
      const { store } = await freshStore(() => now);
      for (let i = 0; i < 30; i++) {
        const sk = `s${String(i).padStart(2, '0')}`;
        await store.put({
          pk: 'p',
          sk,
          gsi2pk: 'G',
          gsi2sk: sk,
          data: { i },
          ...(i % 3 === 0 ? { expiresAt: 1_000_000_010 } : {}),
        });
      }
      now += 20_000;
      for (const index of [undefined, 'gsi2'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.query({ index, pk: index ? 'G' : 'p', limit: 7, reverse: true, cursor });
          expect(page.items.length === 7 || page.nextCursor === null).toBe(true);
          seen.push(...page.items.map((item) => item.sk));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        expect(seen).toHaveLength(20);
        expect(seen).toEqual([...seen].sort().reverse());
      }
      const first = await store.query({ pk: 'p', limit: 5 });
      const cursor = first.nextCursor ?? '';
      const tampered = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
      for (const bad of [tampered, 'garbage', `${cursor}x`]) {
        const error = await store.query({ pk: 'p', limit: 5, cursor: bad }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('invalid_input');
      }
      // A genuine cursor replayed against another partition is rejected too.
      const foreign = await store.query({ pk: 'other', limit: 5, cursor }).catch((e: unknown) => e);
      expect((foreign as AppError).code).toBe('invalid_input');
    });

    it('rolls a transaction back whole and names the failing operation', async () => {
      const { store } = await freshStore();
      await store.put({ pk: 'p', sk: 'a', data: { n: 1 } });
      const error = await store
        .transact([
          { kind: 'update', key: { pk: 'p', sk: 'a' }, changes: { add: { n: 1 } } },
          { kind: 'update', key: { pk: 'p', sk: 'new' }, changes: { set: { created: true } } },
          { kind: 'conditionCheck', key: { pk: 'p', sk: 'missing' }, condition: [{ kind: 'exists' }] },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionFailedError);
      expect((error as ConditionFailedError).index).toBe(2);
      expect((await store.get({ pk: 'p', sk: 'a' }))?.data).toEqual({ n: 1 });
      expect(await store.get({ pk: 'p', sk: 'new' })).toBeUndefined();

      await store.transact([
        { kind: 'update', key: { pk: 'p', sk: 'a' }, changes: { add: { n: 1 } } },
        { kind: 'update', key: { pk: 'p', sk: 'new' }, changes: { add: { n: 3 } } },
        { kind: 'put', item: { pk: 'p', sk: 'b', data: {} }, condition: [{ kind: 'notExists' }] },
      ]);
      expect((await store.get({ pk: 'p', sk: 'a' }))?.data).toEqual({ n: 2 });
      expect(await store.get({ pk: 'p', sk: 'new' })).toMatchObject({ data: { n: 3 }, version: 1 });
    });

    it('keeps concurrent transactions and single writes on one counter exact', async () => {
      const { store } = await freshStore();
      const counter = { pk: 'p', sk: 'counter' };
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) =>
          store.transact([
            { kind: 'update', key: counter, changes: { add: { n: 1 } } },
            { kind: 'put', item: { pk: 'p', sk: `entry-${i}`, data: { i } }, condition: [{ kind: 'notExists' }] },
          ]),
        ),
        ...Array.from({ length: 20 }, () => store.update(counter, { add: { n: 1 } })),
      ]);
      expect((await store.get(counter))?.data).toEqual({ n: 40 });
      expect((await store.query({ pk: 'p', sk: { beginsWith: 'entry-' } })).items).toHaveLength(20);
    });

    it('stores numbers beyond 2^53, unicode and deep payloads as JSON would', async () => {
      const { store } = await freshStore();
      const data = {
        big: 2 ** 60,
        huge: 1e20,
        tiny: -1.5e-7,
        text: 'añ 日本 🎵',
        nested: { list: [1, 'two', null, { ok: true }] },
        empty: '',
      };
      await store.put({ pk: 'p', sk: 'n', data });
      expect((await store.get({ pk: 'p', sk: 'n' }))?.data).toEqual(data);
      const error = await store.put({ pk: 'p', sk: 'x', data: { n: 1e200 } }).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('invalid_input');
    });

    it('rejects an item over the size limit before writing it', async () => {
      const { store } = await freshStore();
      const error = await store
        .put({ pk: 'p', sk: 'big', data: { blob: 'x'.repeat(400 * 1024) } })
        .catch((e: unknown) => e);
      expect((error as AppError).code).toBe('payload_too_large');
      expect(await store.get({ pk: 'p', sk: 'big' })).toBeUndefined();
    });
  },
);
