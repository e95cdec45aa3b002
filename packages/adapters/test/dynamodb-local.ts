/**
 * Starts AWS's DynamoDB Local for a test file and stops it afterwards.
 *
 * Why not a devDependency: `amplify-dynamodb-simulator` only ships the emulator jar, but installing
 * it drags in 283 packages (347 MB). We need 56 MB of it, so on first use we `npm pack` the pinned
 * version (the npm registry is the one network source tests may use), check the tarball against the
 * integrity pinned below, extract only `package/emulator/` into `.cache/dynamodb-local/` and reuse it.
 * Concurrent first uses (two Vitest workers) each extract into a private temp folder and publish it
 * with one atomic rename; the loser throws its copy away, so a reader never sees a half-extracted jar.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const simulatorPackage = 'amplify-dynamodb-simulator@2.9.30';
const simulatorIntegrity =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cacheDir = join(repoRoot, '.cache');
const emulatorDir = join(cacheDir, 'dynamodb-local');
const emulatorJar = join(emulatorDir, 'DynamoDBLocal.jar');

const execFileAsync = promisify(execFile);

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Tells a test file whether it can run DynamoDB Local. Returns `undefined` when java is available, or
 * the reason to skip when it is not. On CI a missing java must fail the run, never skip it, so then it
 * throws. The caller passes `ci` because only test files may read the environment.
 */
export function dynamoDbLocalSkipReason(options: { ci: boolean }): string | undefined {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  const reason = 'java (17 or later) is not installed, so DynamoDB Local cannot start';
  if (options.ci) throw new Error(`${reason}. CI must install java (e.g. apt-get install openjdk-17-jre-headless).`);
  return reason;
}

export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  await ensureEmulator();
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      emulatorJar,
      '-inMemory',
      '-port',
      String(port),
    ],
    { cwd: emulatorDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < 20_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(-1));
  });
  // A worker that exits without calling stop() must not leave a JVM behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, exited, () => output);
  } catch (error) {
    process.off('exit', killOnExit);
    await kill(child, exited);
    throw error;
  }

  let stopped = false;
  return {
    endpoint,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killOnExit);
      await kill(child, exited);
    },
  };
}

async function ensureEmulator(): Promise<void> {
  if (existsSync(emulatorJar)) return;
  await mkdir(cacheDir, { recursive: true });
  const workDir = join(cacheDir, `dynamodb-local.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(workDir);
  try {
    const { stdout } = await execFileAsync('npm', ['pack', simulatorPackage, '--pack-destination', workDir, '--json'], {
      cwd: workDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarballs = (await readdir(workDir)).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1)
      throw new Error(`npm pack ${simulatorPackage} produced no tarball: ${stdout.slice(0, 500)}`);
    const tarball = join(workDir, tarballs[0]!);
    // Check the bytes ourselves instead of trusting npm's report: this is code we are about to run.
    const integrity = `sha512-${await sha512Base64(tarball)}`;
    if (integrity !== simulatorIntegrity) {
      throw new Error(`${simulatorPackage} integrity mismatch: expected ${simulatorIntegrity}, got ${integrity}`);
    }
    await execFileAsync('tar', ['-xzf', tarball, '-C', workDir, 'package/emulator']);
    try {
      await rename(join(workDir, 'package', 'emulator'), emulatorDir);
    } catch (error) {
      // Another worker published first: its copy is complete (rename is atomic), so use it.
      if (!existsSync(emulatorJar)) throw error;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function sha512Base64(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash('sha512');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolveHash(hash.digest('base64')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('could not find a free port'))));
    });
  });
}

async function waitUntilAnswering(
  endpoint: string,
  exited: Promise<number | null>,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + 90_000;
  try {
    while (true) {
      if (exitCode !== undefined) {
        throw new Error(`DynamoDB Local exited with code ${exitCode} before answering:\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint}:\n${output()}`);
        await new Promise((wake) => setTimeout(wake, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

async function kill(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(forced);
}
