/**
 * A table on DynamoDB Local for running the API bundle against a real store (the cold-start probe and
 * the infra test): created with the adapter's own table design and holding the platform record that
 * `GET /api/platform` reads (the key and shape of apps/api/src/platform/platform-record.ts).
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoItemStore, createTableInput } from '@diatonic/adapters/dynamodb';

export const coldStartPlatformName = 'Cold start probe';

export async function createColdStartTable(endpoint: string, cursorSecret: string): Promise<string> {
  const tableName = `cold-start-${randomUUID()}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-2',
    // DynamoDB Local keeps one database per access key and region, and takes only letters and digits as a key.
    credentials: { accessKeyId: 'coldstart', secretAccessKey: 'coldstart' },
  });
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const store = createDynamoItemStore({ client: DynamoDBDocumentClient.from(client), tableName, cursorSecret });
  await store.put({
    pk: 'PLATFORM',
    sk: 'PLATFORM',
    data: {
      name: coldStartPlatformName,
      instanceId: 'ins_coldstart',
      schemaVersion: 1,
      seededAt: '2026-01-01T00:00:00.000Z',
      demoData: false,
    },
  });
  await store.close();
  return tableName;
}
