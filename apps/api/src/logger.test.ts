import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lineBatch } from './logger.ts';

describe('process logger', () => {
  it('batches lines in order and hands over what is pending on flush', () => {
    const written: string[] = [];
    const batch = lineBatch({ write: (chunk) => written.push(chunk), flushSync: () => written.push('<sync>') });
    batch.write('a\n');
    batch.write('b\n');
    expect(written).toEqual([]);
    batch.flush();
    expect(written).toEqual(['a\nb\n']);
    batch.write('x'.repeat(9_000));
    expect(written).toHaveLength(2);
    batch.write('c\n');
    batch.flushSync();
    expect(written.slice(2)).toEqual(['c\n', '<sync>']);
  });

  it('writes every line, in order, when the process exits with lines still buffered', () => {
    const script = `
      import { createLogger } from './apps/api/src/logger.ts';
      const logger = createLogger('info');
      for (let i = 0; i < 5000; i++) logger.info({ i }, 'line');
      process.exit(0);
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { i: number; msg: string });
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
