/**
 * Moves SQLite's WAL checkpoints off the event loop.
 *
 * Left to itself, SQLite checkpoints inside the commit that takes the WAL past 1000 pages, on the
 * thread that committed: the pages are copied into the database file and both files are fsynced
 * (3–8 ms per fsync on the 2-core dev VM), and the Node server answers nothing meanwhile. Every write
 * route showed it as a tail-latency stall. Here a worker thread with its own connection runs a PASSIVE
 * checkpoint every `intervalMs` (PASSIVE neither waits for nor blocks readers and writers), and the
 * main connection's automatic checkpoint is only a safety net, far above what the worker leaves in the
 * WAL. Durability is unchanged: a commit is in the WAL either way; checkpoints only move it into the
 * database file.
 *
 * The WAL also has to start over now and then, or it grows until that safety net fires on the main
 * thread. Only a write can restart it, and only one that begins when every frame is checkpointed; it
 * first fsyncs the new WAL header (SQLite does so at any `synchronous` above OFF, so a restart can never
 * be reordered with the frames after it). So the worker makes that write itself (it rewrites
 * `user_version` with its own value: one page, no change, nothing else uses it) in two cases:
 * - when its checkpoint caught up with the WAL and another connection has committed since its last
 *   restart (`data_version`); left to the requests, the header's fsync (2–8 ms) landed in whichever commit
 *   came next, one in ten or twenty at 50 writes a second;
 * - when the WAL has passed `restartFrames` under writes that keep a checkpoint from catching up (a
 *   community post is 5 commits and ~20 pages; at 500 a second that is 10,000 pages a second).
 * Either way it closes the write gate (write-gate.ts) first, checkpoints what is left with no write of
 * this process in between, restarts, and opens the gate: this thread's writes wait for it without
 * blocking the event loop, instead of sleeping in SQLite's busy handler.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './open-sqlite.ts';
import { createWriteGate, workerGateSource } from './write-gate.ts';

export interface BackgroundCheckpointOptions {
  /** How often the worker checkpoints (default 200 ms). */
  intervalMs?: number;
  /** Past this many frames (pages) the worker restarts the WAL even if writes never pause (default 8,192 ≈ 32 MB). */
  restartFrames?: number;
  /** The main connection still checkpoints by itself past this many WAL pages (default 40,000 ≈ 160 MB). */
  fallbackPages?: number;
  /**
   * Told after every checkpoint that found frames: WAL frames in the log, how many are checkpointed,
   * and whether the worker then restarted the WAL itself (see the file comment).
   */
  onCheckpoint?: (result: { logFrames: number; checkpointedFrames: number; restarted: boolean }) => void;
}

export interface BackgroundCheckpoints {
  /** Stops the worker (after the checkpoint it may be running) and closes its connection. */
  stop(): Promise<void>;
}

const stopTimeoutMs = 5_000;

// CommonJS evaluated in the worker: a string, so it needs no separate file in the Lambda bundles.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
${workerGateSource}
const gate = new Int32Array(workerData.gate);
const db = new Database(workerData.file, { fileMustExist: true });
// Never wait for a lock: a checkpoint that cannot run now runs at the next tick.
db.pragma('busy_timeout = 0');
let restartedAtVersion;
const othersWrote = () => db.pragma('data_version', { simple: true }) !== restartedAtVersion;
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const restartLog = () => {
  restartedAtVersion = db.pragma('data_version', { simple: true });
  db.pragma('user_version = ' + Number(db.pragma('user_version', { simple: true })));
};
// Under the gate no write of the main thread lands between the last checkpoint and the restart.
const catchUpAndRestart = () => {
  if (!holdGate(gate)) return undefined;
  try {
    const row = checkpoint();
    if (!row || row.checkpointed !== row.log) return row && { row, restarted: false };
    restartLog();
    return { row, restarted: true };
  } finally {
    releaseGate(gate);
  }
};
const tick = () => {
  try {
    const row = checkpoint();
    if (!row || row.log <= 0) return;
    const restart = row.checkpointed === row.log ? othersWrote() : row.log >= workerData.restartFrames;
    const done = (restart && catchUpAndRestart()) || { row, restarted: false };
    if (done.row.checkpointed > 0) {
      parentPort.postMessage({ logFrames: done.row.log, checkpointedFrames: done.row.checkpointed, restarted: done.restarted });
    }
  } catch {
    // SQLITE_BUSY (another process is checkpointing or writing) or a transient error: the next tick
    // tries again, and a write that finds the WAL to restart simply does it itself.
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startBackgroundCheckpoints(
  db: SqliteDatabase,
  options: BackgroundCheckpointOptions = {},
): BackgroundCheckpoints {
  const { intervalMs = 200, restartFrames = 8_192, fallbackPages = 40_000, onCheckpoint } = options;
  db.pragma(`wal_autocheckpoint = ${fallbackPages}`);
  const gate = createWriteGate(db);
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: db.name,
      intervalMs,
      restartFrames,
      gate: gate.buffer,
    },
    // Not the parent's `--import tsx` and friends: the worker is plain CommonJS.
    execArgv: [],
  });
  // Never what keeps a process alive.
  worker.unref();
  if (onCheckpoint) worker.on('message', onCheckpoint);
  // A failing worker costs latency, not data: the main connection's own checkpoint takes over.
  worker.on('error', () => {});
  // Whatever the worker held when it ended (even a crash mid-checkpoint), writes here go on.
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      gate.release();
      resolve();
    }),
  );
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
