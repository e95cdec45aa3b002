/**
 * Writes stored items into the table as they are — version, index keys and expiry included — for the
 * one-time copy from SQLite (`diatonic copy-items-to-dynamodb`). Unconditional BatchWrite puts, so a
 * copy that stopped half way can simply run again. Run it with the application stopped.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredItem } from '@diatonic/core';
import { toDynamoValue } from './attribute-values.ts';
import { attributeNames as A } from './table-design.ts';

const batchLimit = 25;
const maxRounds = 8;

export function toTableItem(item: StoredItem): Record<string, unknown> {
  const raw: Record<string, unknown> = { [A.partitionKey]: item.pk, [A.sortKey]: item.sk };
  if (item.gsi1pk !== undefined) raw[A.gsi1PartitionKey] = item.gsi1pk;
  if (item.gsi1sk !== undefined) raw[A.gsi1SortKey] = item.gsi1sk;
  if (item.gsi2pk !== undefined) raw[A.gsi2PartitionKey] = item.gsi2pk;
  if (item.gsi2sk !== undefined) raw[A.gsi2SortKey] = item.gsi2sk;
  raw[A.data] = toDynamoValue(item.data);
  raw[A.version] = item.version;
  if (item.expiresAt !== undefined) raw[A.timeToLive] = item.expiresAt;
  return raw;
}

export async function importItemsToDynamo(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: StoredItem[],
): Promise<void> {
  for (let start = 0; start < items.length; start += batchLimit) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(start, start + batchLimit)
      .map((item) => ({ PutRequest: { Item: toTableItem(item) } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round === maxRounds)
        throw new Error(`DynamoDB kept ${requests.length} items unprocessed; run the copy again`);
      if (round > 0) await new Promise((wake) => setTimeout(wake, 50 * 2 ** round));
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}
