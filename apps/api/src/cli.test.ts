import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-platform.ts';

const bin = fileURLToPath(new URL('../../../scripts/diatonic.mjs', import.meta.url));
const dataDir = tempDir('diatonic-cli-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function diatonic(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 100_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// Every call starts a CLI process (tsx compiles on start): seconds each on a loaded two-core machine.
const manyProcesses = { timeout: 120_000 };

describe('the diatonic command', () => {
  // Three CLI processes, and a seed that publishes the demo module and agent: slow on a busy machine.
  it('migrates, then seeds once and reports the second seed as already done', manyProcesses, () => {
    expect(diatonic(['migrate'])).toMatchObject({ code: 0, out: 'migrated\n' });
    expect(diatonic(['seed'])).toMatchObject({
      code: 0,
      out: 'seeded: platform-record, demo-identity, demo-education, demo-workbench, demo-community\n',
    });
    expect(diatonic(['seed'])).toMatchObject({
      code: 0,
      out: 'seeded: nothing new (already done: platform-record, demo-identity, demo-education, demo-workbench, demo-community)\n',
    });
  });

  it('creates the first platform admin once, promoting an existing account', manyProcesses, () => {
    // demo@diatonic.local exists after the seed: it is promoted, with no password printed.
    const promoted = diatonic(['create-platform-admin', '--email', 'demo@diatonic.local']);
    expect(promoted).toMatchObject({ code: 0 });
    expect(promoted.out).toMatch(/^promoted demo@diatonic\.local \(usr_[0-9A-Z]{26}\) to platform admin\n$/);
    const again = diatonic(['create-platform-admin', '--email', 'root@example.com']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('A platform admin already exists');
    expect(again.err).not.toMatch(/\bat \//);
    expect(diatonic(['create-platform-admin']).err).toContain('--email is required');
    expect(diatonic(['create-platform-admin', '--email', 'a@b.co', '--frob']).err).toMatch(/Unknown option '--frob'/);
  });

  it('rotates the signing key, keeping the retired one in the JWKS', manyProcesses, () => {
    const first = diatonic(['rotate-signing-key']);
    expect(first.code).toBe(0);
    const second = diatonic(['rotate-signing-key']);
    expect(second.code).toBe(0);
    const [, active, retired] = /^active signing key ([^;\s]+); (\S+) retired/.exec(second.out) ?? [];
    expect(active).toBeTruthy();
    expect(retired).toBe(/^active signing key ([^;\s]+)/.exec(first.out)?.[1]);
    expect(active).not.toBe(retired);
  });

  it('lists every configuration problem and exits 1', () => {
    const { code, err } = diatonic(['migrate'], { PORT: 'x', LOG_LEVEL: 'chatty' });
    expect(code).toBe(1);
    expect(err).toMatch(/Invalid configuration:\n\s+PORT: .*\n\s+LOG_LEVEL: /);
    expect(err).not.toMatch(/\bat \//); // no stack trace for a configuration problem
  });

  it('explains its usage for an unknown command', () => {
    const { code, err } = diatonic(['frobnicate']);
    expect(code).toBe(1);
    expect(err).toContain('Unknown command "frobnicate"');
    expect(err).toContain('start');
  });

  it(
    'backs up the seeded installation and restores it into another DATA_DIR, refusing to overwrite',
    manyProcesses,
    () => {
      const backups = tempDir('diatonic-cli-backups-');
      const target = tempDir('diatonic-cli-restored-');
      try {
        expect(diatonic(['backup']).err).toContain('--out is required');
        const backedUp = diatonic(['backup', '--out', backups]);
        expect(backedUp.code, backedUp.err).toBe(0);
        const dir = /^backed up to (\S+) in \d+ ms: database \d+ bytes \(schema 2\), \d+ files/.exec(backedUp.out)?.[1];
        expect(dir).toBeTruthy();

        expect(diatonic(['restore']).err).toContain('restore takes one backup folder');
        const restored = diatonic(['restore', dir!], { DATA_DIR: target });
        expect(restored.code, restored.err).toBe(0);
        expect(restored.out).toMatch(/^restored the backup of \S+ into .* in \d+ ms: \d+ files, 2 secrets\n$/);
        // The restored installation is the seeded one: seeding finds every step done.
        expect(diatonic(['seed'], { DATA_DIR: target }).out).toContain('seeded: nothing new');

        const again = diatonic(['restore', dir!], { DATA_DIR: target });
        expect(again.code).toBe(1);
        expect(again.err).toContain('already holds an installation');
        expect(again.err).not.toMatch(/\bat \//);
      } finally {
        rmSync(backups, { recursive: true, force: true });
        rmSync(target, { recursive: true, force: true });
      }
    },
  );

  it('refuses copy-items-to-dynamodb without a table, before touching anything', () => {
    const result = diatonic(['copy-items-to-dynamodb']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('--table is required');
  });
});
