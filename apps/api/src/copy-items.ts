/**
 * `diatonic copy-items-to-dynamodb`: copies every live item of the SQLite store into a DynamoDB table
 * (the move from the single-machine setup to AWS). Items keep their versions, index keys and expiries;
 * writes are idempotent puts, so an interrupted copy is finished by running it again. Stop the
 * server first: writes made during the copy may be missed.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { importItemsToDynamo } from '@diatonic/adapters/dynamodb';
import { readAllSqliteItems, type SqliteDatabase } from '@diatonic/adapters/sqlite';

export async function copyItemsToDynamo(options: {
  db: SqliteDatabase;
  client: DynamoDBDocumentClient;
  tableName: string;
  nowSeconds: number;
  onProgress?: (copied: number) => void;
}): Promise<number> {
  let copied = 0;
  for (const page of readAllSqliteItems(options.db, { nowSeconds: options.nowSeconds })) {
    await importItemsToDynamo(options.client, options.tableName, page);
    copied += page.length;
    options.onProgress?.(copied);
  }
  return copied;
}
