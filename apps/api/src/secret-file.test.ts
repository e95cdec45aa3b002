import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-platform.ts';
import { loadOrCreateSecret } from './secret-file.ts';

const dir = tempDir('diatonic-secret-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadOrCreateSecret', () => {
  it('returns a value given in the environment as is', async () => {
    expect(await loadOrCreateSecret({ kind: 'value', value: 'v'.repeat(32) })).toBe('v'.repeat(32));
  });

  it('generates a secret once, privately, and returns the same one afterwards', async () => {
    const path = join(dir, 'keys', 'cursor-secret');
    const first = await loadOrCreateSecret({ kind: 'file', path });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecret({ kind: 'file', path })).toBe(first);
    expect(readFileSync(path, 'utf8').trim()).toBe(first);
  });

  it('gives concurrent callers the same secret', async () => {
    const path = join(dir, 'race', 'secret');
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSecret({ kind: 'file', path })));
    expect(new Set(secrets).size).toBe(1);
  });

  it('refuses a damaged secret file instead of silently replacing it', async () => {
    const path = join(dir, 'short');
    writeFileSync(path, 'abc\n');
    await expect(loadOrCreateSecret({ kind: 'file', path })).rejects.toThrow(/shorter than 32/);
  });
});
