/**
 * Child process for crash.test.ts, killed with SIGKILL by the test. Modes:
 *   send <dbFile> <count>          sends `count` jobs, printing "accepted <id>" after each send resolves, then idles
 *   work <dbFile> <visibilityMs>   runs workers whose handler prints "started <id> <attempt>" and never finishes
 *   lease <dbFile> <goFile>        prints "ready", waits until goFile exists, then leases and acks until the
 *                                  queue is empty, printing "leased <id>" for each job, then "done"
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createLocalJobQueue } from './local-job-queue.ts';
import { startLocalWorkers } from './local-workers.ts';

const [mode, file, arg] = process.argv.slice(2);
if (!file || (mode !== 'send' && mode !== 'work' && mode !== 'lease')) {
  console.error('usage: crash-child.ts send|work|lease <dbFile> <count|visibilityMs|goFile>');
  process.exit(2);
}
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const queue = createLocalJobQueue(db);
const write = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'send') {
  const count = Number(arg ?? '1');
  for (let i = 0; i < count; i++) {
    const { id } = await queue.send({ type: 'crash.job', payload: { i } });
    write(`accepted ${id}`);
  }
  write('all-accepted');
} else if (mode === 'lease') {
  write('ready');
  while (!existsSync(arg ?? '')) await new Promise((resolve) => setTimeout(resolve, 2));
  for (;;) {
    const jobs = await queue.receive({ maxJobs: 5, visibilityTimeoutMs: 600_000 });
    if (jobs.length === 0) break;
    for (const job of jobs) {
      write(`leased ${job.id}`);
      await queue.ack(job);
    }
  }
  write('done');
} else {
  startLocalWorkers({
    queue,
    concurrency: 1,
    pollIntervalMs: 10,
    visibilityTimeoutMs: Number(arg ?? '500'),
    handlers: {
      'crash.job': async (job) => {
        write(`started ${job.id} ${job.attempt}`);
        await new Promise(() => {});
      },
    },
  });
}
// Stay alive until killed.
setInterval(() => {}, 60_000);
