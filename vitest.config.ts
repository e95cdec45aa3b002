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
    globalSetup: ['./scripts/vitest-global-setup.ts'],
  },
});
