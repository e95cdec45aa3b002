/**
 * Test helper: runs concurrency-child.ts processes against one database file so that they really
 * contend. While they start, this process holds the file's write lock; it lets go only once every
 * child has said it is about to write, so all of them are queued on the same lock at that instant.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSqlite } from './open-sqlite.ts';

const childScript = fileURLToPath(new URL('./concurrency-child.ts', import.meta.url));

interface Child {
  process: ChildProcessWithoutNullStreams;
  saw(line: string): Promise<void>;
  exited: Promise<void>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}: ${stderr}`))));
  });
  const saw = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.split('\n').includes(line)) resolve();
      };
      check();
      child.stdout.on('data', check);
      exited.then(() => reject(new Error(`child ended without printing ${line}`)), reject);
    });
  return { process: child, saw, exited };
}

export async function runChildrenTogether(file: string, argsPerChild: string[][]): Promise<void> {
  const children = argsPerChild.map(startChild);
  await Promise.all(children.map((child) => child.saw('ready')));
  const gate = openSqlite(file);
  try {
    gate.exec('BEGIN IMMEDIATE');
    for (const child of children) child.process.stdin.end('go\n');
    await Promise.all(children.map((child) => child.saw('started')));
    // Every child is now about to write (or already waiting on the lock); release them together.
    gate.exec('ROLLBACK');
  } finally {
    gate.close();
  }
  await Promise.all(children.map((child) => child.exited));
}
