/**
 * Starts the real platform (`apps/api/src/cli.ts start`: migrate, seed, serve API + web) as a child
 * process on a free port with a throw-away DATA_DIR, and stops it again. Browser tests and the benchmark
 * talk to it over real HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

export interface RunningPlatform {
  baseUrl: string;
  dataDir: string;
  /** The child's recent stdout and stderr, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartPlatformOptions {
  /**
   * The environment to start from: the calling test passes its own (the dependency rule lets only
   * config.ts and tests read the process environment).
   * PORT, HOST and DATA_DIR are set on top.
   */
  env: NodeJS.ProcessEnv;
  /** Extra variables, e.g. raised rate limits. */
  extraEnv?: Record<string, string>;
}

export async function startPlatform({ env, extraEnv = {} }: StartPlatformOptions): Promise<RunningPlatform> {
  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'diatonic-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/cli.ts', 'start'], {
    cwd: repoRoot,
    env: { ...env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilHealthy(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, output, stop };
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the platform exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the platform was not healthy within ${startTimeoutMs} ms:\n${output()}`);
}

/** Keeps the last 64 KiB of the child's output. */
function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

/** SIGTERM (graceful shutdown), then SIGKILL if it does not exit in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  await exited;
  clearTimeout(timer);
}
