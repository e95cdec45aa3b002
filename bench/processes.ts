/**
 * The two servers under test, each a child process pinned to core 0 (when `taskset` and two cores are
 * available) while this process, the load generator, pins itself to core 1: the server never competes
 * with autocannon for a core, and neither does the idle server with the measured one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

export const serverCore = 0;
export const loadCore = 1;
const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

export interface Pinning {
  pinned: boolean;
  /** Why not, when not pinned. */
  reason?: string;
}

/** Pins this process (all its threads) to the load core when the machine allows it. */
export function pinLoadGenerator(): Pinning {
  if (availableParallelism() < 2) return { pinned: false, reason: 'fewer than 2 cores' };
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return { pinned: false, reason: 'taskset is not installed (util-linux)' };
  const pin = spawnSync('taskset', ['-a', '-p', '-c', String(loadCore), String(process.pid)], { stdio: 'ignore' });
  if (pin.status !== 0) return { pinned: false, reason: `taskset exited with ${pin.status}` };
  return { pinned: true };
}

export interface ServerProcess {
  name: string;
  baseUrl: string;
  /** The server's process id (taskset execs node, so it is node's). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * CPU time (user + system) the process has used so far, in ms, from /proc (Linux); null elsewhere.
 * On a shared machine wall-clock throughput swings with the neighbours' load; the CPU a request costs
 * swings much less.
 */
export function cpuTimeMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicksPerSecond : null;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const clockTicksPerSecond = 100;

export interface StartServerOptions {
  name: string;
  /** Node arguments, run from the repository root. */
  args: string[];
  env: NodeJS.ProcessEnv;
  pinned: boolean;
  /** stdout and stderr go here, so a busy server's logs never block on a full pipe. */
  logFile: string;
  cwd: string;
}

/** Starts a server on a free port (passed as PORT) and waits until `/api/health` answers 200. */
export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  const { name, args, env, pinned, logFile, cwd } = options;
  const port = await findFreePort();
  const log = openSync(logFile, 'a');
  const command = pinned ? 'taskset' : process.execPath;
  const commandArgs = pinned ? ['-c', String(serverCore), process.execPath, ...args] : args;
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = { name, baseUrl, pid: child.pid, stop: () => stopChild(child) };
  try {
    await waitUntilHealthy(name, baseUrl, child, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

async function waitUntilHealthy(name: string, baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was healthy; see ${logFile}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not healthy within ${startTimeoutMs} ms; see ${logFile}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  await exited;
  clearTimeout(timer);
}
