/**
 * Global test setup, run once before any test file. Suites that need DynamoDB Local start it themselves.
 * It builds the web app when apps/web/dist is missing or older than its sources, once, so that test files
 * running in parallel (the browser tests, the server's static-file tests) never race a build. It also
 * installs sharp for linux-arm64 when missing (scripts/ensure-lambda-native.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error a plain .mjs script without type declarations
import { ensureLambdaNative } from './ensure-lambda-native.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const webRoot = join(root, 'apps/web');
const webInputs = ['apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', 'apps/web/src'];
const webInputsOutsideApp = ['packages/api-schemas/src'];

export default function setup(): void {
  buildWebIfStale();
  // The infrastructure tests synthesise the Lambda bundles, which ship sharp's linux-arm64 binaries.
  ensureLambdaNative();
}

function buildWebIfStale(): void {
  const builtAt = modifiedAt(join(webRoot, 'dist/index.html'));
  const newestInput = Math.max(
    ...[...webInputs, ...webInputsOutsideApp].map((path) => newestModifiedAt(join(root, path))),
  );
  if (builtAt !== null && builtAt >= newestInput) return;
  console.log('building apps/web (dist is missing or older than its sources)');
  // A child process with NODE_ENV=production: Vitest sets NODE_ENV=test, which would bundle React's
  // development build.
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: webRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`building apps/web failed (exit ${result.status ?? result.signal})`);
}

function modifiedAt(path: string): number | null {
  return existsSync(path) ? statSync(path).mtimeMs : null;
}

function newestModifiedAt(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestModifiedAt(join(path, name))));
}
