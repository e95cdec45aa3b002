import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@diatonic/core';
import { describeItemStoreContract } from '@diatonic/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteExpiredItems } from './delete-expired-items.ts';
import { migrate } from './migrate.ts';
import { openSqlite, type SqliteDatabase } from './open-sqlite.ts';
import { createSqliteItemStore } from './sqlite-item-store.ts';
import { createWriteGate } from './write-gate.ts';
import { gateHolder, stopGateHolders } from './write-gate-test-kit.ts';

const cursorSecret = 'sqlite-contract-cursor-secret';

function tempFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'diatonic-sqlite-'));
  return { file: join(dir, 'nested', 'items.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function manualClock(startMs = Date.now()) {
  let now = startMs;
  return {
    nowMs: () => now,
    advanceMs: (ms: number) => {
      now += ms;
    },
  };
}

describeItemStoreContract('sqlite (temp file)', async () => {
  const temp = tempFile();
  const db = openSqlite(temp.file);
  migrate(db);
  const clock = manualClock();
  const store = createSqliteItemStore(db, { cursorSecret, nowMs: clock.nowMs });
  return {
    store,
    clock,
    async cleanup() {
      await store.close();
      db.close();
      temp.remove();
    },
  };
});

describeItemStoreContract('sqlite (:memory:, real clock)', async () => {
  const db = openSqlite(':memory:');
  migrate(db);
  const store = createSqliteItemStore(db, { cursorSecret });
  return {
    store,
    async cleanup() {
      await store.close();
      db.close();
    },
  };
});

describe('SQLite item store specifics', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });
  function openTemp(busyTimeoutMs?: number): { db: SqliteDatabase; file: string } {
    const temp = tempFile();
    const db = openSqlite(temp.file, { busyTimeoutMs });
    cleanups.push(temp.remove, () => db.close());
    migrate(db);
    return { db, file: temp.file };
  }

  it('opens the file in WAL mode with the documented durability and lock settings', () => {
    const { db } = openTemp();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5_000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('stores one row per item with the payload as JSON text', async () => {
    const { db } = openTemp();
    const store = createSqliteItemStore(db, { cursorSecret });
    await store.put({ pk: 'T#1', sk: 'a', gsi1pk: 'G', gsi1sk: 'g', data: { n: 1, s: 'é' }, expiresAt: 4_000_000_000 });
    await store.update({ pk: 'T#1', sk: 'a' }, { add: { n: 1 } });
    expect(db.prepare('SELECT * FROM items').all()).toEqual([
      {
        pk: 'T#1',
        sk: 'a',
        gsi1pk: 'G',
        gsi1sk: 'g',
        gsi2pk: null,
        gsi2sk: null,
        expires_at: 4_000_000_000,
        version: 2,
        data: '{"n":2,"s":"é"}',
      },
    ]);
  });

  it('deletes expired rows for good in batches, leaving live ones', async () => {
    const { db } = openTemp();
    const clock = manualClock(1_000_000_000);
    const store = createSqliteItemStore(db, { cursorSecret, nowMs: clock.nowMs, sweepIntervalMs: 0 });
    for (let i = 0; i < 5; i++) await store.put({ pk: 'T#1', sk: `old${i}`, data: {}, expiresAt: 1_000_000 - 1 });
    await store.put({ pk: 'T#1', sk: 'live', data: {}, expiresAt: 1_000_000 + 60 });
    await store.put({ pk: 'T#1', sk: 'forever', data: {} });
    expect(deleteExpiredItems(db, 1_000_000, 3)).toBe(3);
    expect(deleteExpiredItems(db, 1_000_000, 3)).toBe(2);
    expect(deleteExpiredItems(db, 1_000_000, 3)).toBe(0);
    expect(db.prepare('SELECT sk FROM items ORDER BY sk').pluck().all()).toEqual(['forever', 'live']);
  });

  it('answers unavailable while another connection holds the write lock past the busy timeout', async () => {
    const { db, file } = openTemp(50);
    const store = createSqliteItemStore(db, { cursorSecret });
    await store.put({ pk: 'T#1', sk: 'a', data: { n: 1 } });
    const other = openSqlite(file);
    cleanups.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const error = await store.update({ pk: 'T#1', sk: 'a' }, { add: { n: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
    // Readers are not blocked by a writer in WAL mode.
    expect((await store.get({ pk: 'T#1', sk: 'a' }))?.data).toEqual({ n: 1 });
    other.exec('ROLLBACK');
    expect((await store.update({ pk: 'T#1', sk: 'a' }, { add: { n: 1 } })).data).toEqual({ n: 2 });
  });

  it('while the checkpoint worker holds the write gate, writes wait for it and reads go on', async () => {
    const { db } = openTemp();
    const store = createSqliteItemStore(db, { cursorSecret, sweepIntervalMs: 0 });
    await store.put({ pk: 'T#1', sk: 'kept', data: { n: 1 } });
    await store.put({ pk: 'T#1', sk: 'gone', data: {} });
    const holder = gateHolder(createWriteGate(db).buffer);
    cleanups.push(() => void stopGateHolders());
    expect(await holder.hold()).toBe(true);

    const writes = Promise.all([
      store.put({ pk: 'T#1', sk: 'new', data: { n: 0 } }),
      store.update({ pk: 'T#1', sk: 'kept' }, { add: { n: 1 } }),
      store.delete({ pk: 'T#1', sk: 'gone' }),
      store.transact([{ kind: 'put', item: { pk: 'T#1', sk: 'tx', data: {} } }]),
      store.transactWith([{ kind: 'put', item: { pk: 'T#1', sk: 'tx2', data: {} } }], () => 'alongside'),
    ]);
    const nothingYet = await store.query({ pk: 'T#1' });
    expect(nothingYet.items.map((item) => item.sk)).toEqual(['gone', 'kept']);
    expect((await store.get({ pk: 'T#1', sk: 'kept' }))?.data).toEqual({ n: 1 });

    await holder.release();
    const [put, updated, deleted, , alongside] = await writes;
    expect(put.data).toEqual({ n: 0 });
    expect(updated.data).toEqual({ n: 2 });
    expect(deleted).toBe(true);
    expect(alongside).toBe('alongside');
    expect((await store.query({ pk: 'T#1' })).items.map((item) => item.sk)).toEqual(['kept', 'new', 'tx', 'tx2']);
  });

  it('a write still waiting at the gate when the store closes is refused, and one that fails maps its error', async () => {
    const { db } = openTemp();
    const store = createSqliteItemStore(db, { cursorSecret, sweepIntervalMs: 0 });
    await store.put({ pk: 'T#1', sk: 'a', data: {} });
    const holder = gateHolder(createWriteGate(db).buffer);
    cleanups.push(() => void stopGateHolders());
    await holder.hold();
    const conflicting = store.put({ pk: 'T#1', sk: 'a', data: {} }, { condition: [{ kind: 'notExists' }] });
    const outcomes = Promise.allSettled([conflicting]);
    await holder.release();
    const [conflict] = await outcomes;
    expect(conflict).toMatchObject({
      status: 'rejected',
      reason: { code: 'conflict', details: { reason: 'condition_failed' } },
    });

    await holder.hold();
    const late = store.put({ pk: 'T#1', sk: 'late', data: {} }).catch((e: unknown) => e);
    await store.close();
    await holder.release();
    expect(((await late) as AppError).code).toBe('unavailable');
    expect(db.prepare('SELECT count(*) AS n FROM items').pluck().get()).toBe(1);
  });

  it('refuses calls once closed, without closing the database it was given', async () => {
    const { db } = openTemp();
    const store = createSqliteItemStore(db, { cursorSecret });
    await store.close();
    const error = await store.get({ pk: 'T#1', sk: 'a' }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('unavailable');
    expect(db.open).toBe(true);
    const again = createSqliteItemStore(db, { cursorSecret });
    await expect(again.ping()).resolves.toBeUndefined();
    db.close();
    expect(((await again.ping().catch((e: unknown) => e)) as AppError).code).toBe('unavailable');
  });
});
