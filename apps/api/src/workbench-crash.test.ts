/**
 * kill -9 in the middle of a run (DESIGN §7, issue 7): a worker process runs trigger → call → pause
 * → output, where `call` has a side effect (a request to a counting server). The process is killed
 * with SIGKILL while `pause` runs; a new process on the same database resumes the run to completion,
 * and the side effect happened exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { startTempPlatform, type TempPlatform, tempDir } from '../test/temp-platform.ts';

const child = fileURLToPath(new URL('../test/workbench-child.ts', import.meta.url));
const actor = { userId: 'usr_crash', orgId: 'org_crash', role: 'owner', plan: 'pro' } as const;

let server: Server | undefined;
let platform: TempPlatform | undefined;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await platform?.close();
  await new Promise((resolve) => server?.close(resolve));
});

function startChild(dataDir: string, args: string[]): Promise<{ process: ChildProcess; runId?: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      QUEUE_VISIBILITY_TIMEOUT_MS: '1500',
      WORKBENCH_STEP_CLAIM_MS: '1500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  return new Promise((resolve, reject) => {
    let output = '';
    let runId: string | undefined;
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      output += chunk;
      runId ??= /run (run_\w+)/.exec(output)?.[1];
      if (output.includes('ready\n')) resolve({ process: proc, ...(runId ? { runId } : {}) });
    });
    proc.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    proc.once('exit', (code) => reject(new Error(`child exited (${code}) early:\n${output}`)));
  });
}

it('resumes a run after its worker is killed with SIGKILL, without repeating a finished side effect', async () => {
  let calls = 0;
  server = createServer((req, res) => {
    calls++;
    req.resume();
    res.end(`call ${calls}`);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const countUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/count`;
  const dataDir = tempDir('diatonic-wb-crash-');

  const first = await startChild(dataDir, [countUrl, 'start']);
  const runId = first.runId as string;
  expect(runId).toMatch(/^run_/);
  await expect.poll(() => calls, { timeout: 15_000 }).toBe(1);
  // The side effect is stored; `pause` is running now. Kill without any chance to clean up.
  await new Promise((resolve) => setTimeout(resolve, 600));
  first.process.kill('SIGKILL');
  await new Promise((resolve) => first.process.once('exit', resolve));

  platform = await startTempPlatform({ dataDir });
  const before = await platform.deps.workbench.getRun(actor, runId);
  expect(before.status).toBe('running');
  expect(before.executionPlan.nodes.find((n) => n.id === 'c')?.status).toBe('completed');
  expect(before.executionPlan.nodes.find((n) => n.id === 'p')?.status).toBe('running');

  await startChild(dataDir, [countUrl]);
  await expect
    .poll(async () => (await platform?.deps.workbench.getRun(actor, runId))?.status, { timeout: 20_000, interval: 200 })
    .toBe('completed');
  const after = await platform.deps.workbench.getRun(actor, runId);
  expect(after.results.outputs).toEqual({ o: 'paused' });
  expect(after.executionPlan.nodes.find((n) => n.id === 'p')?.attempt).toBe(2);
  expect(calls).toBe(1);
}, 60_000);
