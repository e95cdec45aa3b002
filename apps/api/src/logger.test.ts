import { execFileSync } from 'node:child_process';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, infoLineWriter, lineBatch } from './logger.ts';

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

  it('writes the access line exactly as logger.info would, and only at info or below', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const fields = { method: 'GET', path: '/api/x "quoted" \\ ünï', status: 200, ms: 0.4, requestId: 'req_1' };
    logger.info(fields, 'request');
    infoLineWriter(logger)(fields, 'request');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('}\n'))).toBe(true);
    const [viaPino, fast] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(fast ?? {})).toEqual(Object.keys(viaPino ?? {}));
    expect({ ...fast, time: 0 }).toEqual({ ...viaPino, time: 0 });
    expect(Date.parse(String(fast?.time))).toBeGreaterThan(0);

    const quiet: string[] = [];
    infoLineWriter(createLogger('warn', { write: (line: string) => void quiet.push(line) }))(fields, 'request');
    expect(quiet).toEqual([]);
  });

  it('leaves loggers it did not make (mixins, hooks, formatters) to pino', () => {
    const lines: string[] = [];
    const logger = pino({ mixin: () => ({ tenant: 't1' }) }, { write: (line: string) => void lines.push(line) });
    infoLineWriter(logger)({ status: 200 }, 'request');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ tenant: 't1', status: 200, msg: 'request' });
  });
});
