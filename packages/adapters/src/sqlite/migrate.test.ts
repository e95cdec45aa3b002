import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAppliedMigrations, loadMigrations, type Migration, migrate } from './migrate.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';
import { runChildrenTogether } from './run-children.ts';

describe('SQLite migrations', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });
  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'diatonic-migrate-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  function openTemp(): { db: SqliteDatabase; file: string } {
    const file = join(tempDir(), 'app.db');
    const db = openSqlite(file);
    cleanups.push(() => db.close());
    return { db, file };
  }
  const tables = (db: SqliteDatabase) =>
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  const indexes = (db: SqliteDatabase) =>
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' ORDER BY name")
      .pluck()
      .all();

  const one: Migration = { version: 1, name: 'first', sql: 'CREATE TABLE first (id INTEGER PRIMARY KEY);' };
  const two: Migration = { version: 2, name: 'second', sql: 'CREATE TABLE second (id INTEGER PRIMARY KEY);' };

  it('creates the items table, its indexes and the migration record on a fresh database', () => {
    const { db } = openTemp();
    expect(listAppliedMigrations(db)).toEqual([]);
    migrate(db);
    expect(tables(db)).toEqual(['items', 'schema_migrations']);
    expect(indexes(db)).toEqual(['items_expiry', 'items_gsi1', 'items_gsi2']);
    expect(listAppliedMigrations(db).map(({ version, name }) => ({ version, name }))).toEqual([
      { version: 1, name: 'items' },
      { version: 2, name: 'organization-index' },
    ]);
  });

  it('is idempotent: a second run applies nothing', () => {
    const { db } = openTemp();
    migrate(db);
    const first = listAppliedMigrations(db);
    migrate(db);
    expect(listAppliedMigrations(db)).toEqual(first);
  });

  it('applies only the migrations a database lacks, in version order', () => {
    const { db } = openTemp();
    migrate(db, [one]);
    migrate(
      db,
      [two, one].sort((a, b) => a.version - b.version),
    );
    expect(listAppliedMigrations(db).map((m) => m.version)).toEqual([1, 2]);
    expect(tables(db)).toEqual(['first', 'schema_migrations', 'second']);
  });

  it('rolls a failing migration back entirely and records nothing for it', () => {
    const { db } = openTemp();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'CREATE TABLE half (id INTEGER); SELECT * FROM nowhere;',
    };
    expect(() => migrate(db, [one, broken])).toThrow(/nowhere/);
    expect(listAppliedMigrations(db).map((m) => m.version)).toEqual([1]);
    expect(tables(db)).not.toContain('half');
  });

  it('refuses a migration that changed after it was applied', () => {
    const { db } = openTemp();
    migrate(db, [one]);
    expect(() => migrate(db, [{ ...one, sql: `${one.sql} -- edited` }])).toThrow(/changed after it was applied/);
  });

  it('refuses a database migrated by newer code', () => {
    const { db } = openTemp();
    migrate(db, [one, two]);
    expect(() => migrate(db, [one])).toThrow(/newer than this code/);
  });

  it('reads NNN-name.sql files in version order and rejects other names and duplicate versions', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '010-later.sql'), 'SELECT 10;');
    writeFileSync(join(dir, '002-earlier.sql'), 'SELECT 2;');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    expect(loadMigrations(dir).map((m) => [m.version, m.name])).toEqual([
      [2, 'earlier'],
      [10, 'later'],
    ]);
    writeFileSync(join(dir, '002-again.sql'), 'SELECT 2;');
    expect(() => loadMigrations(dir)).toThrow(/share version 2/);
    const badDir = tempDir();
    writeFileSync(join(badDir, 'items.sql'), 'SELECT 1;');
    expect(() => loadMigrations(badDir)).toThrow(/NNN-name\.sql/);
  });

  it('lets two processes migrate the same fresh file at once', async () => {
    const file = join(tempDir(), 'shared.db');
    await runChildrenTogether(file, [
      ['migrate', file],
      ['migrate', file],
    ]);
    const db = openSqlite(file);
    cleanups.push(() => db.close());
    expect(listAppliedMigrations(db).map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(tables(db)).toEqual(['items', 'schema_migrations']);
  }, 60_000);

  it('002 indexes the organisation records written before it, and nothing else', () => {
    const { db } = openTemp();
    migrate(db, loadMigrations().slice(0, 1));
    const insert = db.prepare('INSERT INTO items (pk, sk, version, data) VALUES (?, ?, 1, ?)');
    const org = { id: 'org_01OLD', name: 'Old band', createdAt: '2026-01-02T03:04:05.000Z' };
    insert.run('T#org_01OLD', 'ORG', JSON.stringify(org));
    insert.run('T#org_01OLD', 'MEMBER#usr_1', JSON.stringify({ orgId: 'org_01OLD', userId: 'usr_1' }));
    // Not an organisation record, though its sort key is the same.
    insert.run('T#org_01OLD#SOMETHING', 'ORG', JSON.stringify({ id: 'org_01OLD', createdAt: 'x' }));
    migrate(db);
    const rows = db.prepare('SELECT pk, sk, gsi1pk, gsi1sk FROM items ORDER BY pk, sk').all();
    expect(rows).toEqual([
      { pk: 'T#org_01OLD', sk: 'MEMBER#usr_1', gsi1pk: null, gsi1sk: null },
      { pk: 'T#org_01OLD', sk: 'ORG', gsi1pk: 'ORGS', gsi1sk: '2026-01-02T03:04:05.000Z#org_01OLD' },
      { pk: 'T#org_01OLD#SOMETHING', sk: 'ORG', gsi1pk: null, gsi1sk: null },
    ]);
  });
});
