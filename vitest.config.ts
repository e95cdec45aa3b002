import { defineConfig } from 'vitest/config';

// One runner for the whole repository. Two cores: files run in parallel on two forks; suites that
// start servers or emulators keep their own ports free of clashes by asking the OS for port 0.
export default defineConfig({
  test: {
    include: [
      '{packages,apps}/*/src/**/*.test.ts',
      '{packages,apps}/*/test/**/*.test.ts',
      'apps/web/e2e/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default. On a loaded two-core CI machine a browser page can
    // take longer than that to load its data (CI once saw an audit page still loading after 1 s), so
    // polls wait as long as Playwright's own locators do before they fail.
    expect: { poll: { timeout: 15_000 } },
    globalSetup: ['./scripts/vitest-global-setup.ts'],
  },
});
