import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoItemStore, createTableInput, updateTimeToLiveInput } from '@diatonic/adapters/dynamodb';
import { createSqliteItemStore, migrate, openSqlite } from '@diatonic/adapters/sqlite';
import { type DynamoDbLocal, dynamoDbLocalSkipReason, startDynamoDbLocal } from '@diatonic/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyItemsToDynamo } from './copy-items.ts';

const skipReason = dynamoDbLocalSkipReason({ ci: process.env.CI === 'true' });

describe.skipIf(skipReason !== undefined)('copying the SQLite store into DynamoDB', () => {
  let dynamo: DynamoDbLocal;
  let base: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    base = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    base?.destroy();
    await dynamo?.stop();
  });

  it('copies every live item with its version, index keys and expiry, and can run again', async () => {
    const tableName = `copy-${randomUUID()}`;
    await base.send(new CreateTableCommand(createTableInput(tableName)));
    await base.send(new UpdateTimeToLiveCommand(updateTimeToLiveInput(tableName)));
    const db = openSqlite(':memory:');
    migrate(db);
    const now = Date.now();
    const source = createSqliteItemStore(db, {
      cursorSecret: 'copy-test-cursor-secret-0123456789',
      sweepIntervalMs: 0,
    });
    for (let i = 0; i < 60; i++) {
      await source.put({
        pk: `T#org_1#P`,
        sk: `item#${String(i).padStart(3, '0')}`,
        data: { i, big: 2 ** 60, text: 'é✓' },
      });
    }
    await source.put({ pk: 'USER#u1', sk: 'PROFILE', gsi1pk: 'EMAIL#a@b.c', gsi1sk: 'x', data: { name: 'A' } });
    await source.update({ pk: 'USER#u1', sk: 'PROFILE' }, { set: { name: 'B' } });
    await source.update({ pk: 'USER#u1', sk: 'PROFILE' }, { add: { logins: 2 } });
    const expiresAt = Math.floor(now / 1000) + 3_600;
    await source.put({ pk: 'REFRESH#h', sk: 'REFRESH', data: {}, expiresAt });
    await source.put({ pk: 'REFRESH#old', sk: 'REFRESH', data: {}, expiresAt: Math.floor(now / 1000) - 10 });

    const client = DynamoDBDocumentClient.from(base);
    const progress: number[] = [];
    const nowSeconds = Math.floor(now / 1000);
    const copied = await copyItemsToDynamo({ db, client, tableName, nowSeconds, onProgress: (n) => progress.push(n) });
    expect(copied).toBe(62);
    expect(progress.at(-1)).toBe(62);
    // Running it again changes nothing.
    expect(await copyItemsToDynamo({ db, client, tableName, nowSeconds })).toBe(62);

    const target = createDynamoItemStore({ client, tableName, cursorSecret: 'copy-test-cursor-secret-0123456789' });
    const user = await target.get({ pk: 'USER#u1', sk: 'PROFILE' });
    expect(user).toEqual(await source.get({ pk: 'USER#u1', sk: 'PROFILE' }));
    expect(user?.version).toBe(3);
    const byEmail = await target.query({ index: 'gsi1', pk: 'EMAIL#a@b.c' });
    expect(byEmail.items.map((item) => item.pk)).toEqual(['USER#u1']);
    expect((await target.get({ pk: 'REFRESH#h', sk: 'REFRESH' }))?.expiresAt).toBe(expiresAt);
    expect(await target.get({ pk: 'REFRESH#old', sk: 'REFRESH' })).toBeUndefined();
    const page = await target.query({ pk: 'T#org_1#P', limit: 1000 });
    expect(page.items).toHaveLength(60);
    expect(page.items[59]?.data).toEqual({ i: 59, big: 2 ** 60, text: 'é✓' });
    await source.close();
    db.close();
  });
});
