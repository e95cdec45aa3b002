/**
 * Durability across kill -9: a job whose send resolved survives the death of the process that sent it,
 * and a job whose worker died mid-handler comes back after its visibility timeout and completes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceivedJob } from '@diatonic/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJobQueue } from './local-job-queue.ts';
import { type LocalWorkers, startLocalWorkers } from './local-workers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const childScript = join(here, 'crash-child.ts');

interface Child {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the first line for which `match` holds. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  kill9(): Promise<void>;
}

function spawnChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    process: child,
    lines,
    waitForLine(match) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolveLine, reject) => {
        waiters.push({ match, resolve: resolveLine });
        exited.then(() => reject(new Error(`child exited before the expected line; stderr:\n${stderr}`)));
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('local queue across kill -9', () => {
  let dir: string;
  let file: string;
  const children: Child[] = [];
  const workers: LocalWorkers[] = [];
  const handles: Database.Database[] = [];

  const open = () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    handles.push(db);
    return db;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'queue-crash-'));
    file = join(dir, 'app.db');
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.kill9()));
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    for (const db of handles.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a job accepted just before the sending process was killed', async () => {
    const sender = spawnChild(['send', file, '1']);
    children.push(sender);
    const accepted = (await sender.waitForLine((l) => l.startsWith('accepted '))).split(' ')[1];
    await sender.kill9();
    expect(sender.process.signalCode).toBe('SIGKILL');

    const queue = createLocalJobQueue(open());
    const delivered: ReceivedJob[] = [];
    workers.push(
      startLocalWorkers({
        queue,
        concurrency: 2,
        pollIntervalMs: 10,
        visibilityTimeoutMs: 5_000,
        handlers: { 'crash.job': async (job) => void delivered.push(job) },
      }),
    );
    await waitFor(async () => delivered.length === 1 && (await queue.stats()).inFlight === 0, 'the job to complete');
    expect(delivered.map((j) => [j.id, j.attempt])).toEqual([[accepted, 1]]);
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
  });

  it('delivers every job whose send resolved when the sender is killed mid-stream', async () => {
    const sender = spawnChild(['send', file, '100000']);
    children.push(sender);
    await sender.waitForLine((l) => l.startsWith('accepted '));
    await new Promise((r) => setTimeout(r, 50));
    await sender.kill9();
    const accepted = sender.lines.filter((l) => l.startsWith('accepted ')).map((l) => l.split(' ')[1]!);
    expect(accepted.length).toBeGreaterThan(0);
    expect(sender.lines).not.toContain('all-accepted');

    const queue = createLocalJobQueue(open());
    const delivered = new Map<string, number>();
    workers.push(
      startLocalWorkers({
        queue,
        concurrency: 8,
        pollIntervalMs: 10,
        visibilityTimeoutMs: 30_000,
        handlers: { 'crash.job': async (job) => void delivered.set(job.id, (delivered.get(job.id) ?? 0) + 1) },
      }),
    );
    await waitFor(async () => {
      const s = await queue.stats();
      return s.ready + s.inFlight + s.delayed === 0;
    }, 'the queue to drain');
    for (const id of accepted) expect(delivered.get(id)).toBe(1);
    // Jobs committed after the last line the sender printed may exist too; none may be lost or doubled.
    expect(delivered.size).toBeGreaterThanOrEqual(accepted.length);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
  });

  it('never leases one job to two processes leasing from the same file at the same time', async () => {
    const queue = createLocalJobQueue(open());
    const sent = new Set<string>();
    for (let i = 0; i < 3_000; i++) sent.add((await queue.send({ type: 'crash.job', payload: { i } })).id);
    // Both children start leasing at the same moment, once both are up.
    const goFile = join(dir, 'go');
    const leasers = [spawnChild(['lease', file, goFile]), spawnChild(['lease', file, goFile])];
    children.push(...leasers);
    await Promise.all(leasers.map((c) => c.waitForLine((l) => l === 'ready')));
    writeFileSync(goFile, '');
    await Promise.all(leasers.map((c) => c.waitForLine((l) => l.startsWith('done'))));
    const leasedBy = leasers.map((c) => c.lines.filter((l) => l.startsWith('leased ')).map((l) => l.split(' ')[1]!));
    const all = leasedBy.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(sent);
    // Both took part, so the test really had two writers competing.
    expect(leasedBy[0]!.length).toBeGreaterThan(0);
    expect(leasedBy[1]!.length).toBeGreaterThan(0);
  });

  it('redelivers a job after its visibility timeout when the worker is killed mid-handler, and completes it', async () => {
    const queue = createLocalJobQueue(open());
    const { id } = await queue.send({ type: 'crash.job', payload: { step: 1 } });
    const worker = spawnChild(['work', file, '400']);
    children.push(worker);
    expect(await worker.waitForLine((l) => l.startsWith('started '))).toBe(`started ${id} 1`);
    // Lease extensions from the dying worker must not keep the job hidden forever.
    await worker.kill9();
    expect((await queue.stats()).inFlight).toBe(1);

    const delivered: ReceivedJob[] = [];
    workers.push(
      startLocalWorkers({
        queue,
        concurrency: 1,
        pollIntervalMs: 20,
        visibilityTimeoutMs: 5_000,
        handlers: { 'crash.job': async (job) => void delivered.push(job) },
      }),
    );
    await waitFor(async () => delivered.length === 1 && (await queue.stats()).inFlight === 0, 'the redelivery');
    expect(delivered[0]).toMatchObject({ id, attempt: 2, payload: { step: 1 } });
    expect(await queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0, dead: 0 });
  });
});
