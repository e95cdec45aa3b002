/**
 * Test support: a real platform on a temporary DATA_DIR (SQLite file, local queue), migrated, with
 * its log lines captured instead of printed. Each call gets its own folder unless `dataDir` is given.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, ScryptParams } from '@diatonic/core';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { buildDeps, type Deps, type DepsOverrides } from '../src/deps.ts';
import { createLogger } from '../src/logger.ts';

export interface TempPlatform {
  deps: Deps;
  app: Awaited<ReturnType<typeof createApp>>;
  dataDir: string;
  /** Parsed log lines written so far. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * Real scrypt at a tiny cost, so tests that sign up many users stay fast; the production parameters
 * are covered by packages/core/src/identity/password-hash.test.ts. Pass `passwordHashing` to override.
 */
export const testPasswordHashing: ScryptParams = { logN: 10, r: 8, p: 1, keyBytes: 64, saltBytes: 16 };

export function tempDir(prefix = 'diatonic-api-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTempPlatform(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    clock?: Clock;
    webDistDir?: string;
    passwordHashing?: ScryptParams;
    /** `lazy`: route groups load on their first request, as in the API Lambda (see app.ts). */
    routes?: 'eager' | 'lazy';
    /** Content for moderation to act on (see DepsOverrides.moderationTargets). */
    moderationTargets?: DepsOverrides['moderationTargets'];
  } = {},
): Promise<TempPlatform> {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? tempDir();
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = loadConfig({ DATA_DIR: dataDir, ...options.env });
  const deps = await buildDeps(config, {
    logger,
    passwordHashing: options.passwordHashing ?? testPasswordHashing,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.moderationTargets ? { moderationTargets: options.moderationTargets } : {}),
  });
  await deps.migrate();
  const app = await createApp(deps, {
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  return {
    deps,
    app,
    dataDir,
    logs,
    async close() {
      await deps.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A clock tests move by hand. */
export function manualClock(startMs = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = startMs;
  return {
    nowMs: () => now,
    advance(ms) {
      now += ms;
    },
  };
}
