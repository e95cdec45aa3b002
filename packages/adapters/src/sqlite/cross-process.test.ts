import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { openSqlite } from './open-sqlite.ts';
import { runChildrenTogether } from './run-children.ts';
import { createSqliteItemStore } from './sqlite-item-store.ts';

describe('SQLite item store shared by two processes', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no atomic increment when two processes add to one item in the same file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'diatonic-xproc-'));
    const file = join(dir, 'items.db');
    const db = openSqlite(file);
    migrate(db);

    await runChildrenTogether(file, [
      ['increment', file, '200'],
      ['increment', file, '200'],
    ]);

    const store = createSqliteItemStore(db, { cursorSecret: 'cross-process-cursor-secret', sweepIntervalMs: 0 });
    const item = await store.get({ pk: 'counter', sk: 'shared' });
    expect(item?.data).toEqual({ n: 400 });
    expect(item?.version).toBe(400);
    await store.close();
    db.close();
  }, 60_000);
});
