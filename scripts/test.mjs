#!/usr/bin/env node
/**
 * `npm test`: static checks (types, lint), then every test file through Vitest, then one closing line
 * `N passed, N failed, N skipped` counting both. Exits non-zero when anything failed.
 * Extra arguments are passed to Vitest (e.g. `npm test -- packages/core`).
 */
import { spawn, spawnSync } from 'node:child_process';
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
// TEST_LIMIT_MINUTES lowers it, to see the limit work.
const vitestLimitMs = Number(process.env.TEST_LIMIT_MINUTES ?? 30) * 60_000;
// A report left by an earlier run must not be counted if this run dies before writing its own.
rmSync(report, { force: true });
const vitestStatus = await runVitest([
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);
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
if (vitestStatus !== 0 && failed === 0) failed++;

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);

/**
 * Runs Vitest in a process group of its own and resolves with its exit status (null when killed).
 * The whole run takes about 4 minutes on two cores. A run still going after `vitestLimitMs` is killed
 * with every process it started, so the run ends with a failure line well inside CI's limit. The group
 * matters: CI once saw a test worker deadlock inside Node (packages/core/src/identity/key-pair.ts);
 * killing only `npx` left that worker and Vitest running, holding the output open.
 */
function runVitest(args) {
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: 'inherit', env: process.env, detached: true });
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group has already gone.
      }
    };
    const timer = setTimeout(() => {
      console.error(`vitest did not finish within ${vitestLimitMs / 60_000} minutes; stopping it`);
      killGroup('SIGKILL');
    }, vitestLimitMs);
    // Its own group no longer gets the terminal's Ctrl-C, so pass it on.
    const forward = (signal) => () => killGroup(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Workers that outlive Vitest (a hung one) go too.
      killGroup('SIGKILL');
      resolve(code);
    });
  });
}
