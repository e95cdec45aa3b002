/**
 * The single DynamoDB table behind the ItemStore: the only place its key schema, indexes and
 * attribute names are written. The adapter and the CDK app both read these constants, so the table
 * that is deployed is the table the code expects. Keep this file plain data (no SDK calls).
 */
import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';

/** Attribute names of a stored item. `data` is a map holding the item's payload fields. */
export const attributeNames = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1PartitionKey: 'gsi1pk',
  gsi1SortKey: 'gsi1sk',
  gsi2PartitionKey: 'gsi2pk',
  gsi2SortKey: 'gsi2sk',
  data: 'data',
  version: 'version',
  /** Epoch seconds; enable DynamoDB TTL on this attribute so expired items are eventually deleted. */
  timeToLive: 'expiresAt',
} as const;

/** Both indexes are sparse (an item is in an index only when it carries both of its keys) and project ALL. */
export const globalSecondaryIndexes = [
  { indexName: 'gsi1', partitionKey: attributeNames.gsi1PartitionKey, sortKey: attributeNames.gsi1SortKey },
  { indexName: 'gsi2', partitionKey: attributeNames.gsi2PartitionKey, sortKey: attributeNames.gsi2SortKey },
] as const;

/** Every key attribute (table and indexes) is a string. */
export const keyAttributeType = 'S';
export const billingMode = 'PAY_PER_REQUEST';

export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: billingMode,
    AttributeDefinitions: [
      attributeNames.partitionKey,
      attributeNames.sortKey,
      ...globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ].map((name) => ({ AttributeName: name, AttributeType: keyAttributeType })),
    KeySchema: [
      { AttributeName: attributeNames.partitionKey, KeyType: 'HASH' },
      { AttributeName: attributeNames.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** Turns on DynamoDB's own deletion of expired items (reads already hide them; see the adapter). */
export function updateTimeToLiveInput(tableName: string): UpdateTimeToLiveCommandInput {
  return { TableName: tableName, TimeToLiveSpecification: { AttributeName: attributeNames.timeToLive, Enabled: true } };
}
