import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-platform.ts';

const fixture = fileURLToPath(new URL('../../test/slow-server.ts', import.meta.url));
const dataDir = tempDir('diatonic-shutdown-');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves with the first stdout line matching `pattern` (the output so far is kept in `seen`). */
function waitForLine(proc: ChildProcess, seen: string[], pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = seen.find((l) => pattern.test(l));
      if (line) {
        proc.stdout?.off('data', check);
        proc.off('exit', onExit);
        resolve(line);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`server exited (${code}) before ${pattern}:\n${seen.join('\n')}`));
    proc.stdout?.on('data', check);
    proc.on('exit', onExit);
    check();
  });
}

describe('the Node server', () => {
  it('finishes an in-flight request after SIGTERM, refuses new ones, then exits cleanly', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', WEB_DIST_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen: string[] = [];
    let buffered = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      seen.push(...lines);
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    const url = (await waitForLine(child, seen, /^listening /)).slice('listening '.length);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    const slow = fetch(`${url}/api/test/slow?ms=1500`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
    await waitForLine(child, seen, /^slow-started$/);
    child.kill('SIGTERM');
    await waitForLine(child, seen, /shutting down/);

    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    expect(await exited, stderr).toBe(0);
    expect(seen.some((l) => l.includes('shutdown complete'))).toBe(true);
  });
});
