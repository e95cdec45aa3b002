/**
 * Test support: the real Node server entry in its own process (its own SQLite connection, queue
 * workers and rate-limit leases), for tests about several processes sharing one database.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Call } from './identity-client.ts';

const nodeServer = fileURLToPath(new URL('../src/entry/node-server.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Resolves once the server logs the URL it listens on; rejects if it exits first. */
export function startServerProcess(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', nodeServer], {
    env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, stop });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

/** A `Call` that sends real HTTP requests to a running server. */
export function urlCaller(baseUrl: string): Call {
  return (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.orgId) headers['x-organization-id'] = options.orgId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  };
}
