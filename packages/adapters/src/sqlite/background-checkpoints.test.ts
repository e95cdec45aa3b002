import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from './background-checkpoints.ts';
import { openSqlite } from './open-sqlite.ts';
import { gatedWrite } from './write-gate.ts';

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
    const seen: { logFrames: number; checkpointedFrames: number; restarted: boolean }[] = [];
    const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 20, onCheckpoint: (r) => seen.push(r) });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(40_000);
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

  it('restarts a fully checkpointed WAL itself, once per batch of writes, and leaves user_version as it was', async () => {
    const { db } = openTemp();
    db.pragma('user_version = 7');
    const seen: { restarted: boolean }[] = [];
    const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 20, onCheckpoint: (r) => seen.push(r) });
    try {
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      for (let i = 0; i < 10; i++) insert.run('a');
      await expect.poll(() => seen.filter((r) => r.restarted).length, { timeout: 20_000 }).toBe(1);
      // Idle: further ticks find only the worker's own restart frame and restart nothing.
      const ticksBefore = seen.length;
      await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(ticksBefore + 3);
      expect(seen.filter((r) => r.restarted)).toHaveLength(1);
      insert.run('b');
      await expect.poll(() => seen.filter((r) => r.restarted).length, { timeout: 20_000 }).toBe(2);
      expect(db.pragma('user_version', { simple: true })).toBe(7);
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 11 });
    } finally {
      await checkpoints.stop();
      db.close();
    }
  });

  it('never holds the write lock where a write of this thread can meet it, and keeps the WAL restarting under writes that never pause', async () => {
    const { db, file } = openTemp();
    // A write that met the worker's lock would fail at once here, instead of sleeping the event loop in
    // SQLite's busy handler as it would in the app (before the write gate, ~10 in 1.5 s of this load).
    db.pragma('busy_timeout = 0');
    const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 20, restartFrames: 300 });
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const walFrames = () => readFileSync(`${file}-shm`).readUInt32LE(16);
    let written = 0;
    let restarts = 0;
    let frames = 0;
    const failures: unknown[] = [];
    try {
      const until = Date.now() + 1_500;
      while (Date.now() < until) {
        try {
          await gatedWrite(db, () => insert.run('x'.repeat(400)));
          written++;
        } catch (error) {
          failures.push(error);
        }
        const now = walFrames();
        if (now < frames) restarts++;
        frames = now;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await checkpoints.stop();
    }
    expect(failures).toEqual([]);
    expect(restarts).toBeGreaterThanOrEqual(3);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: written });
    db.close();
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
