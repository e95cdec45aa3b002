import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionFailedError, writeThenSend } from '@diatonic/core';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../sqlite/migrate.ts';
import { openSqlite, type SqliteDatabase } from '../sqlite/open-sqlite.ts';
import { createSqliteItemStore } from '../sqlite/sqlite-item-store.ts';
import { createLocalJobQueue } from './local-job-queue.ts';
import { sqliteWriteAndSend } from './sqlite-write-and-send.ts';

const cursorSecret = 'write-and-send-test-secret';
const job = (n: number) => ({ job: { type: 't', payload: { n } }, options: { dedupeKey: `k${n}` } });

describe('sqliteWriteAndSend (item store and local queue on one database)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function open(): { db: SqliteDatabase; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'write-and-send-'));
    const file = join(dir, 'app.db');
    const db = openSqlite(file);
    migrate(db);
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => db.close(),
    );
    return { db, file };
  }

  function setUp() {
    const { db, file } = open();
    const store = createSqliteItemStore(db, { cursorSecret });
    const queue = createLocalJobQueue(db);
    const commits = () => db.pragma('data_version', { simple: true });
    return { db, file, store, queue, writeAndSend: sqliteWriteAndSend(store, queue), commits };
  }

  it('commits the item writes and the jobs together, and wakes the workers', async () => {
    const { store, queue, writeAndSend, file } = setUp();
    let woken = 0;
    queue.onSend(() => woken++);
    // data_version moves when another connection commits: count this connection's commits from a second one.
    const watcher = openSqlite(file);
    cleanups.push(() => watcher.close());
    const version = () => watcher.pragma('data_version', { simple: true }) as number;
    const before = version();
    await writeAndSend([{ kind: 'put', item: { pk: 'T#1', sk: 'a', data: { n: 1 } } }], [job(1), job(2)]);
    expect(version()).toBe(before + 1);
    expect((await store.get({ pk: 'T#1', sk: 'a' }))?.data).toEqual({ n: 1 });
    const leased = await queue.receive({ maxJobs: 10, visibilityTimeoutMs: 60_000 });
    expect(leased.map((j) => j.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(woken).toBe(2);
  });

  it('sends nothing when the transaction is refused, and reports the failing operation', async () => {
    const { store, queue, writeAndSend } = setUp();
    await store.put({ pk: 'T#1', sk: 'a', data: { n: 1 } });
    const error = await writeAndSend(
      [
        { kind: 'put', item: { pk: 'T#1', sk: 'b', data: {} } },
        { kind: 'put', item: { pk: 'T#1', sk: 'a', data: { n: 2 } }, condition: [{ kind: 'notExists' }] },
      ],
      [job(1)],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionFailedError);
    expect((error as ConditionFailedError).index).toBe(1);
    expect(await store.get({ pk: 'T#1', sk: 'b' })).toBeUndefined();
    expect(await queue.stats()).toMatchObject({ ready: 0 });
    // The dedupe key was not taken by the refused send.
    await writeAndSend([], [job(1)]);
    expect(await queue.stats()).toMatchObject({ ready: 1 });
  });

  it('rolls the writes back when a job cannot be sent', async () => {
    const { store, queue, writeAndSend } = setUp();
    const error = await writeAndSend(
      [{ kind: 'put', item: { pk: 'T#1', sk: 'a', data: {} } }],
      [{ job: { type: '', payload: {} } }],
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(await store.get({ pk: 'T#1', sk: 'a' })).toBeUndefined();
    expect(await queue.stats()).toMatchObject({ ready: 0 });
  });

  it('keeps the dedupe window: a job already sent is not enqueued again, the writes still commit', async () => {
    const { store, queue, writeAndSend } = setUp();
    await queue.send(job(1).job, job(1).options);
    await writeAndSend([{ kind: 'put', item: { pk: 'T#1', sk: 'a', data: {} } }], [job(1)]);
    expect(await store.get({ pk: 'T#1', sk: 'a' })).toBeDefined();
    expect(await queue.stats()).toMatchObject({ ready: 1 });
  });

  it('refuses a queue on another database handle, writing nothing', async () => {
    const { db, store } = setUp();
    const otherQueue = createLocalJobQueue(open().db);
    const error = await sqliteWriteAndSend(store, otherQueue)(
      [{ kind: 'put', item: { pk: 'T#1', sk: 'a', data: {} } }],
      [job(1)],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(0);
    expect(await otherQueue.stats()).toMatchObject({ ready: 0 });
  });

  it('matches the default writeThenSend on the same inputs', async () => {
    const { store, queue } = setUp();
    await writeThenSend(store, queue)([{ kind: 'put', item: { pk: 'T#1', sk: 'a', data: {} } }], [job(1)]);
    expect(await store.get({ pk: 'T#1', sk: 'a' })).toBeDefined();
    expect(await queue.stats()).toMatchObject({ ready: 1 });
  });
});

describe('local queue acks', () => {
  it('acks of one turn share a commit and each answers whether its lease was still held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acks-'));
    const db = openSqlite(join(dir, 'app.db'));
    const watcher = openSqlite(join(dir, 'app.db'));
    try {
      let now = 1_000_000;
      const queue = createLocalJobQueue(db, { nowMs: () => now });
      for (let i = 0; i < 4; i++) await queue.send({ type: 't', payload: { i } });
      const jobs = await queue.receive({ maxJobs: 4, visibilityTimeoutMs: 1_000 });
      // The last job's lease expires and another receive takes it: its old lease is stale.
      now += 2_000;
      const [again] = await queue.receive({ maxJobs: 1, visibilityTimeoutMs: 60_000 });
      expect(again?.id).toBe(jobs[0]?.id);
      const before = watcher.pragma('data_version', { simple: true }) as number;
      const acked = await Promise.all(jobs.map((j) => queue.ack(j)));
      expect(watcher.pragma('data_version', { simple: true })).toBe(before + 1);
      expect(acked).toEqual([false, true, true, true]);
      expect(await queue.stats()).toMatchObject({ ready: 0, inFlight: 1 });
      expect(await queue.ack(again!)).toBe(true);
      expect(await queue.stats()).toMatchObject({ ready: 0, inFlight: 0, delayed: 0 });
    } finally {
      watcher.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('commits pending acks with the next receive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acks-'));
    const db = openSqlite(join(dir, 'app.db'));
    try {
      const queue = createLocalJobQueue(db);
      for (let i = 0; i < 3; i++) await queue.send({ type: 't', payload: { i } });
      const [first] = await queue.receive({ maxJobs: 1, visibilityTimeoutMs: 60_000 });
      const acked = queue.ack(first!);
      const next = await queue.receive({ maxJobs: 5, visibilityTimeoutMs: 60_000 });
      expect(next).toHaveLength(2);
      expect(await acked).toBe(true);
      expect(db.prepare('SELECT COUNT(*) FROM queue_jobs WHERE id = ?').pluck().get(first!.id)).toBe(0);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
