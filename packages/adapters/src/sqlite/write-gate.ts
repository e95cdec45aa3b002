/**
 * The write gate between this thread and the checkpoint worker (background-checkpoints.ts).
 *
 * The worker must sometimes hold SQLite's write lock: to restart the WAL, a checkpoint has to catch up
 * with every frame and a write has to follow at once, with no write of this thread in between (before
 * the gate, under the bench's write routes one always came first, so the WAL grew until this thread
 * checkpointed it itself: 462 fsyncs on this thread in one run, 12 after). And a write here that met the
 * worker's lock would make SQLite's busy handler sleep this thread, so the whole event loop, in 1, 2,
 * 5, 10 … ms steps. So the worker takes this gate before it takes the lock, and a write here that finds
 * the gate held waits for it without blocking: reads and every other request go on meanwhile.
 *
 * One Int32 in shared memory: 0 open, 1 held by the worker, 2 held by this thread for the length of one
 * synchronous write (better-sqlite3 runs a whole transaction in one call, so a few microseconds).
 */
import type { SqliteDatabase } from './open-sqlite.ts';

const open = 0;
const heldByWorker = 1;
const heldHere = 2;

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs?: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
// Node 20 has Atomics.waitAsync; TypeScript's ES2023 lib does not describe it yet.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const gates = new WeakMap<SqliteDatabase, Int32Array>();

export interface WriteGate {
  /** The shared word, for the worker (see `workerGateSource`). */
  buffer: SharedArrayBuffer;
  /** Opens the gate for good: the worker is gone, whatever it held. */
  release(): void;
}

/** Puts writes on `db` made through `gatedWrite` behind a gate the worker can close. */
export function createWriteGate(db: SqliteDatabase): WriteGate {
  const buffer = new SharedArrayBuffer(4);
  const word = new Int32Array(buffer);
  gates.set(db, word);
  return {
    buffer,
    release() {
      gates.delete(db);
      Atomics.store(word, 0, open);
      Atomics.notify(word, 0);
    },
  };
}

/**
 * Runs `work`, a synchronous write on `db`, now when the worker does not hold the gate (the usual case,
 * at the cost of two atomic operations), else once it lets go. A write nested in one of this thread's
 * own (a transaction's `alongside`) runs at once: the gate is already held here.
 */
export function gatedWrite<T>(db: SqliteDatabase, work: () => T): T | Promise<T> {
  const word = gates.get(db);
  if (word === undefined) return work();
  const was = Atomics.compareExchange(word, 0, open, heldHere);
  if (was === heldHere) return work();
  if (was === open) return runHeld(word, work);
  return afterWorker(word, work);
}

function runHeld<T>(word: Int32Array, work: () => T): T {
  try {
    return work();
  } finally {
    Atomics.store(word, 0, open);
  }
}

async function afterWorker<T>(word: Int32Array, work: () => T): Promise<T> {
  // A pending waitAsync does not keep Node's event loop alive (and the worker is unref'd): without this
  // timer a script whose last work is this write would exit before it ran.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    for (;;) {
      const waited = waitAsync(word, 0, heldByWorker);
      if (waited.async) await waited.value;
      // Open, or the worker took it again before this thread ran: then wait once more. (Never held here:
      // this thread holds it only inside a synchronous call, never across an await.)
      if (Atomics.compareExchange(word, 0, open, heldHere) === open) return runHeld(word, work);
    }
  } finally {
    clearInterval(keepAlive);
  }
}

/**
 * The worker's side, as CommonJS source for its eval'd script: `holdGate(word)` takes the gate
 * (retrying briefly while this thread is inside one write) and says whether it did; `releaseGate(word)`
 * opens it and wakes the writes waiting for it.
 */
export const workerGateSource = `
const holdGate = (word) => {
  for (let tries = 0; tries < 50; tries++) {
    if (Atomics.compareExchange(word, 0, ${open}, ${heldByWorker}) === ${open}) return true;
    Atomics.wait(word, 0, ${heldHere}, 0.2);
  }
  return false;
};
const releaseGate = (word) => {
  Atomics.store(word, 0, ${open});
  Atomics.notify(word, 0);
};
`;
