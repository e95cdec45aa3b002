import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from './background-checkpoints.ts';
import { openSqlite } from './open-sqlite.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTemp() {
  const dir = mkdtempSync(join(tmpdir(), 'diatonic-checkpoints-'));
  dirs.push(dir);
  const file = join(dir, 'app.db');
  const db = openSqlite(file);
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { db, file };
}

describe('background WAL checkpoints', () => {
  it('checkpoints the WAL from the worker while the main connection only writes', async () => {
    const { db, file } = openTemp();
    const seen: { logFrames: number; checkpointedFrames: number }[] = [];
    const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 20, onCheckpoint: (r) => seen.push(r) });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      // ~1,500 pages: past SQLite's default automatic checkpoint, far below the raised one.
      for (let i = 0; i < 300; i++) db.transaction(() => insert.run('x'.repeat(20_000)))();
      await expect.poll(() => seen.some((r) => r.checkpointedFrames >= 1_000), { timeout: 20_000 }).toBe(true);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    } finally {
      await checkpoints.stop();
      db.close();
    }
    // Every row is in the database file once the last connection has closed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openSqlite(file, { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 300 });
    reopened.close();
  });

  it('stops once however often it is asked, and the main connection keeps working', async () => {
    const { db } = openTemp();
    const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 20 });
    await Promise.all([checkpoints.stop(), checkpoints.stop()]);
    db.prepare('INSERT INTO t (v) VALUES (?)').run('after');
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'after' }]);
    db.close();
  });
});
