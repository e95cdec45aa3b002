import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './open-sqlite.ts';
import { createWriteGate, gatedWrite } from './write-gate.ts';
import { gateHolder, stopGateHolders } from './write-gate-test-kit.ts';

const dirs: string[] = [];
afterEach(async () => {
  await stopGateHolders();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTemp() {
  const dir = mkdtempSync(join(tmpdir(), 'diatonic-gate-'));
  dirs.push(dir);
  const db = openSqlite(join(dir, 'app.db'));
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return db;
}

const rows = (db: ReturnType<typeof openTemp>) => db.prepare('SELECT v FROM t ORDER BY k').all();

describe('the write gate', () => {
  it('runs a write at once, synchronously, when no gate is set up or nobody holds it', () => {
    const db = openTemp();
    expect(gatedWrite(db, () => db.prepare("INSERT INTO t (v) VALUES ('plain')").run().changes)).toBe(1);
    createWriteGate(db);
    expect(gatedWrite(db, () => db.prepare("INSERT INTO t (v) VALUES ('open')").run().changes)).toBe(1);
    expect(rows(db)).toEqual([{ v: 'plain' }, { v: 'open' }]);
    db.close();
  });

  it('runs a write nested in one of this thread’s own writes at once', () => {
    const db = openTemp();
    createWriteGate(db);
    const inner = gatedWrite(db, () => gatedWrite(db, () => 'inner'));
    expect(inner).toBe('inner');
    // And the gate is open again afterwards.
    expect(gatedWrite(db, () => 'next')).toBe('next');
    db.close();
  });

  it('opens again when the write throws', () => {
    const db = openTemp();
    createWriteGate(db);
    expect(() =>
      gatedWrite(db, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(gatedWrite(db, () => 'after')).toBe('after');
    db.close();
  });

  it('while the worker holds it, defers writes in order without blocking the event loop, and runs them once it lets go', async () => {
    const db = openTemp();
    const gate = createWriteGate(db);
    const holder = gateHolder(gate.buffer);
    expect(await holder.hold()).toBe(true);

    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const first = gatedWrite(db, () => insert.run('first').changes);
    const second = gatedWrite(db, () => insert.run('second').changes);
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBeInstanceOf(Promise);
    // Nothing written yet, reads go on, and timers still fire: this thread is not waiting in SQLite.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rows(db)).toEqual([]);

    await holder.release();
    await expect(first).resolves.toBe(1);
    await expect(second).resolves.toBe(1);
    expect(rows(db)).toEqual([{ v: 'first' }, { v: 'second' }]);
    // Open again: the next write is synchronous.
    expect(gatedWrite(db, () => insert.run('third').changes)).toBe(1);
    db.close();
  });

  it('a deferred write that throws rejects its own promise only', async () => {
    const db = openTemp();
    const gate = createWriteGate(db);
    const holder = gateHolder(gate.buffer);
    await holder.hold();
    const failing = gatedWrite(db, () => {
      throw new Error('bad write');
    });
    const fine = gatedWrite(db, () => db.prepare("INSERT INTO t (v) VALUES ('fine')").run().changes);
    const outcomes = Promise.allSettled([failing, fine]);
    await holder.release();
    const [failed, succeeded] = await outcomes;
    expect(failed).toMatchObject({ status: 'rejected', reason: new Error('bad write') });
    expect(succeeded).toEqual({ status: 'fulfilled', value: 1 });
    db.close();
  });

  it('the worker does not get the gate while this thread holds it', async () => {
    const db = openTemp();
    const gate = createWriteGate(db);
    const holder = gateHolder(gate.buffer);
    // Held here until the worker has answered: it gives up after its retries instead of waiting.
    let reply: Promise<unknown> | undefined;
    const answer = gatedWrite(db, () => {
      reply = holder.hold();
      const until = Date.now() + 10_000;
      while (holder.answered() === undefined && Date.now() < until) {}
      return holder.answered();
    });
    expect(answer).toBe(false);
    expect(await reply).toBe(false);
    expect(await holder.hold()).toBe(true);
    await holder.release();
    db.close();
  });

  it('release() opens a gate the worker left held (it crashed or was terminated)', async () => {
    const db = openTemp();
    const gate = createWriteGate(db);
    const holder = gateHolder(gate.buffer);
    await holder.hold();
    const waiting = gatedWrite(db, () => db.prepare("INSERT INTO t (v) VALUES ('after crash')").run().changes);
    await holder.worker.terminate();
    gate.release();
    await expect(waiting).resolves.toBe(1);
    // Released for good: writes no longer go through a gate at all.
    expect(gatedWrite(db, () => 'direct')).toBe('direct');
    db.close();
  });
});
