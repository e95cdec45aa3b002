import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeJobQueueContract } from '@diatonic/core/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createWriteGate } from '../sqlite/write-gate.ts';
import { gateHolder, stopGateHolders } from '../sqlite/write-gate-test-kit.ts';
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

  it('while the checkpoint worker holds the write gate, sends, leases, acks and failures wait for it', async () => {
    const { file, cleanup } = tempDatabaseFile();
    const db = openDatabase(file);
    cleanups.push(() => {
      db.close();
      cleanup();
    });
    const queue = createLocalJobQueue(db);
    await queue.send({ type: 't', payload: { n: 1 } });
    const [leased] = await queue.receive({ maxJobs: 1, visibilityTimeoutMs: 60_000 });
    const holder = gateHolder(createWriteGate(db).buffer);
    cleanups.push(() => void stopGateHolders());
    expect(await holder.hold()).toBe(true);

    const sent = queue.send({ type: 't', payload: { n: 2 } });
    const deduped = queue.send({ type: 't', payload: { n: 3 } }, { dedupeKey: 'once' });
    const extended = queue.extend(leased!, 120_000);
    const failed = queue.fail(leased!, new Error('try again'));
    const rows = () => db.prepare('SELECT count(*) FROM queue_jobs').pluck().get();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows()).toBe(1);

    await holder.release();
    await Promise.all([sent, deduped]);
    expect(await extended).toBe(true);
    expect((await failed).outcome).toBe('retry');
    expect(rows()).toBe(3);
    await holder.hold();
    const received = queue.receive({ maxJobs: 5, visibilityTimeoutMs: 60_000 });
    await holder.release();
    const jobs = await received;
    expect(jobs.map((job) => (job.payload as { n: number }).n).sort()).toEqual([2, 3]);
    await holder.hold();
    const acked = Promise.all(jobs.map((job) => queue.ack(job)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows()).toBe(3);
    await holder.release();
    expect(await acked).toEqual([true, true]);
    expect(rows()).toBe(1);
  });

  it('rejects a nonsensical retry policy at creation', () => {
    const db = new Database(':memory:');
    cleanups.push(() => db.close());
    expect(() => createLocalJobQueue(db, { retry: { baseMs: 10, capMs: 1 } })).toThrow(/Retry policy/);
  });
});
