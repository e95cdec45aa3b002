#!/usr/bin/env node
/**
 * `npm test`: static checks (types, lint), then every test file through Vitest, then one closing line
 * `N passed, N failed, N skipped` counting both. Exits non-zero when anything failed.
 * Extra arguments are passed to Vitest (e.g. `npm test -- packages/core`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  console.log(`${ok ? '✓' : '✗'} ${name} (${Date.now() - started} ms)`);
  if (ok) passed++;
  else failed++;
}

if (extra.length === 0) {
  step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  step('typecheck web', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json', '--noEmit']);
  step('lint and format', 'npx', ['biome', 'check', '.']);
}

mkdirSync('.cache', { recursive: true });
const report = '.cache/vitest-report.json';
const vitestLimitMs = 30 * 60_000;
// A report left by an earlier run must not be counted if this run dies before writing its own.
rmSync(report, { force: true });
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  {
    stdio: 'inherit',
    env: process.env,
    // The whole run takes about 4 minutes on two cores. A worker that hangs (seen once in CI) must end
    // the run with a failure line well inside CI's limit, not hold it until the limit kills it silently.
    timeout: vitestLimitMs,
    killSignal: 'SIGKILL',
  },
);
if (vitest.error)
  console.error(`vitest did not finish within ${vitestLimitMs / 60_000} minutes: ${vitest.error.message}`);
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A file that fails to load, or whose beforeAll throws, has no failed test to count (its tests show as
  // skipped): count the file as a failure so it cannot hide.
  failed += json.testResults.filter(
    (r) => r.status === 'failed' && !r.assertionResults.some((a) => a.status === 'failed'),
  ).length;
} catch {
  failed++;
  console.error('could not read the Vitest report');
}
if (vitest.status !== 0 && failed === 0) failed++;

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
