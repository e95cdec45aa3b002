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
 * Once a checkpoint has moved every frame, the next write transaction restarts the WAL from its start
 * and fsyncs the new WAL header first (SQLite does so at any `synchronous` above OFF, so a restart can
 * never be reordered with the frames after it). Left to the requests, that fsync (2–8 ms here) landed
 * in whichever commit came first after each checkpoint: at 50 writes a second and a checkpoint every
 * 200 ms, one request in ten or twenty, i.e. the p95 of every write route. So the worker makes that
 * first write itself, right after a checkpoint that moved everything: it rewrites `user_version` with
 * its own value (one page, no change; nothing else uses it), which restarts the WAL and pays the
 * fsync on the worker's thread. It does so only when another connection has committed since its last
 * restart (`data_version`), so an idle database is left alone.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './open-sqlite.ts';

export interface BackgroundCheckpointOptions {
  /** How often the worker checkpoints (default 200 ms). */
  intervalMs?: number;
  /** The main connection still checkpoints by itself past this many WAL pages (default 10,000 ≈ 40 MB). */
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
const db = new Database(workerData.file, { fileMustExist: true });
// Never wait for a lock: a checkpoint that cannot run now runs at the next tick.
db.pragma('busy_timeout = 0');
let restartedAtVersion;
const restartLog = () => {
  const dataVersion = db.pragma('data_version', { simple: true });
  if (dataVersion === restartedAtVersion) return false;
  db.pragma('user_version = ' + Number(db.pragma('user_version', { simple: true })));
  restartedAtVersion = dataVersion;
  return true;
};
const tick = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (!row || row.checkpointed <= 0) return;
    const restarted = row.checkpointed === row.log && restartLog();
    parentPort.postMessage({ logFrames: row.log, checkpointedFrames: row.checkpointed, restarted });
  } catch {
    // SQLITE_BUSY (another process is checkpointing, or a request holds the write lock) or a transient
    // error: the next tick tries again, and a write that finds the WAL to restart simply does it itself.
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
  const { intervalMs = 200, fallbackPages = 10_000, onCheckpoint } = options;
  db.pragma(`wal_autocheckpoint = ${fallbackPages}`);
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: db.name, intervalMs },
    // Not the parent's `--import tsx` and friends: the worker is plain CommonJS.
    execArgv: [],
  });
  // Never what keeps a process alive.
  worker.unref();
  if (onCheckpoint) worker.on('message', onCheckpoint);
  // A failing worker costs latency, not data: the main connection's own checkpoint takes over.
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
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
