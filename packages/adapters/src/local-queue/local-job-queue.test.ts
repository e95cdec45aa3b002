import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeJobQueueContract } from '@diatonic/core/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalJobQueue } from './local-job-queue.ts';

function tempDatabaseFile(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'local-queue-'));
  return { file: join(dir, 'app.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

describeJobQueueContract('local SQLite file', ({ nowMs, random, retry }) => {
  const { file, cleanup } = tempDatabaseFile();
  const db = openDatabase(file);
  return {
    queue: createLocalJobQueue(db, { nowMs, random, retry }),
    close: () => {
      db.close();
      cleanup();
    },
  };
});

describe('local job queue on a shared file', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('keeps jobs across connections: a job sent on one handle is leased once across two others', async () => {
    const { file, cleanup } = tempDatabaseFile();
    const handles = [openDatabase(file), openDatabase(file), openDatabase(file)];
    cleanups.push(() => {
      for (const db of handles) db.close();
      cleanup();
    });
    const [producer, consumerA, consumerB] = handles.map((db) => createLocalJobQueue(db));
    const sent = new Set<string>();
    for (let i = 0; i < 50; i++) sent.add((await producer!.send({ type: 't', payload: { i } })).id);
    const seen: string[] = [];
    for (;;) {
      const a = await consumerA!.receive({ maxJobs: 4, visibilityTimeoutMs: 60_000 });
      const b = await consumerB!.receive({ maxJobs: 3, visibilityTimeoutMs: 60_000 });
      if (a.length + b.length === 0) break;
      for (const job of a) expect(await consumerA!.ack(job)).toBe(true);
      for (const job of b) expect(await consumerB!.ack(job)).toBe(true);
      seen.push(...a.map((j) => j.id), ...b.map((j) => j.id));
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen)).toEqual(sent);
  });

  it('shares the file with other tables and creates its schema idempotently', async () => {
    const { file, cleanup } = tempDatabaseFile();
    const db = openDatabase(file);
    cleanups.push(() => {
      db.close();
      cleanup();
    });
    db.exec('CREATE TABLE items (pk TEXT, sk TEXT, PRIMARY KEY (pk, sk))');
    const first = createLocalJobQueue(db);
    await first.send({ type: 't', payload: { kept: true } }, { dedupeKey: 'k' });
    const second = createLocalJobQueue(db);
    expect((await second.send({ type: 't', payload: {} }, { dedupeKey: 'k' })).deduplicated).toBe(true);
    expect(await second.stats()).toMatchObject({ ready: 1 });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['items', 'queue_dedupe', 'queue_jobs']);
  });

  it('rejects a nonsensical retry policy at creation', () => {
    const db = new Database(':memory:');
    cleanups.push(() => db.close());
    expect(() => createLocalJobQueue(db, { retry: { baseMs: 10, capMs: 1 } })).toThrow(/Retry policy/);
  });
});
