/**
 * Every live item of the SQLite store, in key order, a page at a time: the source side of the copy
 * to DynamoDB (`diatonic copy-items-to-dynamodb`). Expired items are left behind; versions, index keys
 * and expiries come along unchanged.
 */
import type { StoredItem } from '@diatonic/core';
import type { SqliteDatabase } from './open-sqlite.ts';
import { columns, type Row, toItem } from './sqlite-item-store.ts';

export function* readAllSqliteItems(
  db: SqliteDatabase,
  options: { pageSize?: number; nowSeconds: number },
): Generator<StoredItem[]> {
  const pageSize = options.pageSize ?? 500;
  const first = db.prepare<[number, number], Row>(
    `SELECT ${columns} FROM items WHERE (expires_at IS NULL OR expires_at > ?) ORDER BY pk, sk LIMIT ?`,
  );
  const next = db.prepare<[string, string, number, number], Row>(
    `SELECT ${columns} FROM items WHERE (pk, sk) > (?, ?) AND (expires_at IS NULL OR expires_at > ?) ORDER BY pk, sk LIMIT ?`,
  );
  let rows = first.all(options.nowSeconds, pageSize);
  while (rows.length > 0) {
    yield rows.map((row) => toItem(row));
    const last = rows.at(-1)!;
    rows = next.all(last.pk, last.sk, options.nowSeconds, pageSize);
  }
}
