/**
 * Raw throughput of the local queue on a temp SQLite file (WAL):
 *   node --import tsx packages/adapters/src/local-queue/measure-throughput.ts [jobs=20000] [synchronous=NORMAL]
 * Prints send/s, lease+ack/s, the combined send+lease+ack rate, and the rate through startLocalWorkers
 * (no-op handlers, concurrency 16). One process, one connection: this is the ceiling the workers add to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createLocalJobQueue } from './local-job-queue.ts';
import { startLocalWorkers } from './local-workers.ts';

const jobs = Number(process.argv[2] ?? 20_000);
const synchronous = (process.argv[3] ?? 'NORMAL').toUpperCase();
if (!Number.isInteger(jobs) || jobs < 1 || !['OFF', 'NORMAL', 'FULL'].includes(synchronous)) {
  console.error('usage: measure-throughput.ts [jobs] [OFF|NORMAL|FULL]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'queue-throughput-'));
const db = new Database(join(dir, 'app.db'));
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${synchronous}`);
const queue = createLocalJobQueue(db);
const payload = { runId: 'run_01J0000000000000000000000', stepId: 'node_llm_1', input: { text: 'x'.repeat(200) } };
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

try {
  let t0 = performance.now();
  for (let i = 0; i < jobs; i++) await queue.send({ type: 'workbench.step', payload });
  const sendMs = performance.now() - t0;

  t0 = performance.now();
  let consumed = 0;
  for (;;) {
    const batch = await queue.receive({ maxJobs: 16, visibilityTimeoutMs: 60_000 });
    if (batch.length === 0) break;
    for (const job of batch) await queue.ack(job);
    consumed += batch.length;
  }
  const consumeMs = performance.now() - t0;
  if (consumed !== jobs) throw new Error(`consumed ${consumed} of ${jobs}`);

  t0 = performance.now();
  let handled = 0;
  let allHandled!: () => void;
  const done = new Promise<void>((resolve) => {
    allHandled = resolve;
  });
  const workers = startLocalWorkers({
    queue,
    concurrency: 16,
    pollIntervalMs: 50,
    visibilityTimeoutMs: 60_000,
    handlers: {
      'workbench.step': async () => {
        if (++handled === jobs) allHandled();
      },
    },
  });
  for (let i = 0; i < jobs; i++) await queue.send({ type: 'workbench.step', payload });
  await done;
  await workers.stop();
  const workersMs = performance.now() - t0;

  console.log(`jobs=${jobs} synchronous=${synchronous} payload=${JSON.stringify(payload).length}B`);
  console.log(`send:                 ${rate(jobs, sendMs)} jobs/s`);
  console.log(`lease+ack (batch 16): ${rate(jobs, consumeMs)} jobs/s`);
  console.log(`send+lease+ack:       ${rate(jobs, sendMs + consumeMs)} jobs/s`);
  console.log(`through workers:      ${rate(jobs, workersMs)} jobs/s (send, lease, no-op handler, ack)`);
  console.log(JSON.stringify(await queue.stats()));
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
