/** Reading a temp platform's SQLite file directly, so a test sees what is stored, not what the API shows. */
import { openSqlite } from '@diatonic/adapters/sqlite';
import type { TempPlatform } from './temp-platform.ts';

/** Every item key (`pk | sk`) whose partition starts with `prefix`, e.g. `T#<orgId>` for an organisation. */
export function storedKeysUnder(platform: TempPlatform, prefix: string): string[] {
  const { storage } = platform.deps.config;
  if (storage.kind !== 'sqlite') throw new Error('storedKeysUnder reads a SQLite platform');
  const db = openSqlite(storage.file, { readonly: true });
  try {
    const rows = db.prepare('SELECT pk, sk FROM items WHERE substr(pk, 1, ?) = ?').all(prefix.length, prefix) as {
      pk: string;
      sk: string;
    }[];
    return rows.map((row) => `${row.pk} | ${row.sk}`);
  } finally {
    db.close();
  }
}
