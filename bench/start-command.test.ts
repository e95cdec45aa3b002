import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmStartNodeFlags, startScriptNodeFlags } from './start-command.ts';

describe('the Node flags of npm start', () => {
  it('reads the flags between node and the platform entry', () => {
    expect(
      startScriptNodeFlags(
        'npm run build:web --silent && node --max-semi-space-size=64 --import tsx apps/api/src/cli.ts start',
      ),
    ).toEqual(['--max-semi-space-size=64']);
    expect(startScriptNodeFlags('node --import tsx apps/api/src/cli.ts start')).toEqual([]);
  });

  it('refuses a start script that does not run the platform entry last', () => {
    expect(() => startScriptNodeFlags('node server.js')).toThrow(/does not end in/);
    expect(() => startScriptNodeFlags('node --import tsx apps/api/src/cli.ts start && echo done')).toThrow(
      /does not end in/,
    );
  });

  it("reads this repository's package.json", () => {
    expect(npmStartNodeFlags(join(import.meta.dirname, '..', 'package.json'))).toContain('--max-semi-space-size=64');
  });
});
