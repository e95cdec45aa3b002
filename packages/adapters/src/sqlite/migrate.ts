/**
 * Versioned schema migrations for the SQLite database: `migrations/NNN-name.sql`, applied in order,
 * each once, each in its own BEGIN IMMEDIATE transaction together with its row in
 * `schema_migrations`. Every process may call migrate() at start: the write lock makes a second
 * process wait, then find the migration applied and skip it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqliteDatabase } from './open-sqlite.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const fileName = /^(\d+)-([a-z0-9-]+)\.sql$/;

/** The migrations shipped in ./migrations, in version order. */
export function loadMigrations(dir = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const match = fileName.exec(name);
      if (match === null) throw new Error(`Migration file ${name} is not named NNN-name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, name), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`Two migrations share version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}

/** Applies the migrations the database lacks; see listAppliedMigrations for what it holds. */
export function migrate(db: SqliteDatabase, migrations: Migration[] = loadMigrations()): void {
  db.transaction(() =>
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      checksum TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`),
  ).immediate();
  const appliedRow = db.prepare<[number], { name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migrations WHERE version = ?',
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const newest = db.prepare<[], { version: number | null }>('SELECT max(version) AS version FROM schema_migrations');

  const known = migrations.at(-1)?.version ?? 0;
  const inFile = newest.get()?.version ?? 0;
  if (inFile > known) {
    throw new Error(
      `The database is at schema version ${inFile}, newer than this code knows (${known}); upgrade the code`,
    );
  }

  for (const migration of migrations) {
    const checksum = createHash('sha256').update(migration.sql).digest('hex');
    db.transaction(() => {
      const row = appliedRow.get(migration.version);
      if (row !== undefined) {
        // An applied migration must never change: databases migrated before would silently differ.
        if (row.checksum !== checksum) {
          throw new Error(`Migration ${migration.version}-${row.name} was changed after it was applied`);
        }
        return;
      }
      db.exec(migration.sql);
      record.run(migration.version, migration.name, checksum, new Date().toISOString());
    }).immediate();
  }
}

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: string;
}

/** The migrations recorded in the database, oldest first (empty before the first migrate). */
export function listAppliedMigrations(db: SqliteDatabase): AppliedMigration[] {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (table === undefined) return [];
  return db
    .prepare<[], AppliedMigration>(
      'SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
    )
    .all();
}
