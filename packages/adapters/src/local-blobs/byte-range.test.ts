import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range.ts';

describe('parseByteRange', () => {
  it.each([
    ['bytes=0-99', 1000, { kind: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=500-', 1000, { kind: 'partial', range: { start: 500, end: 999 } }],
    ['bytes=900-5000', 1000, { kind: 'partial', range: { start: 900, end: 999 } }],
    ['bytes=-100', 1000, { kind: 'partial', range: { start: 900, end: 999 } }],
    ['bytes=-5000', 1000, { kind: 'partial', range: { start: 0, end: 999 } }],
    ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
    ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });

  it.each([undefined, null, '', 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,5-9', 'bytes=9-1', 'bytes=a-b'])(
    'serves the whole object for %j',
    (header) => {
      expect(parseByteRange(header, 1000)).toEqual({ kind: 'whole' });
    },
  );
});
