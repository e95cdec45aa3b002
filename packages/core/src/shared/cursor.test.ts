import { describe, expect, it } from 'vitest';
import { createCursorCodec, queryFingerprint } from './cursor.ts';
import { AppError } from './errors.ts';

const codec = createCursorCodec('a-test-secret-of-some-length');
const query = queryFingerprint({ pk: 'T#1', sk: { beginsWith: 'post#' } });

function rejects(run: () => unknown): void {
  expect(run).toThrow(AppError);
  try {
    run();
  } catch (error) {
    expect((error as AppError).code).toBe('invalid_input');
  }
}

describe('cursor codec', () => {
  it('decodes what it encoded for the same query', () => {
    const cursor = codec.encode({ pk: 'T#1', sk: 'post#9' }, query);
    expect(cursor).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(codec.decode(cursor, query)).toEqual({ pk: 'T#1', sk: 'post#9' });
  });

  it('rejects the cursor on another query, with another secret, or altered in any character', () => {
    const cursor = codec.encode({ pk: 'T#1', sk: 'post#9' }, query);
    rejects(() => codec.decode(cursor, queryFingerprint({ pk: 'T#1', sk: { beginsWith: 'post#' }, reverse: true })));
    rejects(() => codec.decode(cursor, queryFingerprint({ pk: 'T#2', sk: { beginsWith: 'post#' } })));
    rejects(() => codec.decode(cursor, queryFingerprint({ index: 'gsi1', pk: 'T#1', sk: { beginsWith: 'post#' } })));
    rejects(() => createCursorCodec('another-secret-of-some-length').decode(cursor, query));
    for (let at = 0; at < cursor.length; at++) {
      const altered = cursor.slice(0, at) + (cursor[at] === 'A' ? 'B' : 'A') + cursor.slice(at + 1);
      rejects(() => codec.decode(altered, query));
    }
  });

  it('rejects malformed cursors', () => {
    for (const cursor of ['', '.', 'abc', 'a.b.c', 42, null, 'x'.repeat(20_000)])
      rejects(() => codec.decode(cursor, query));
  });

  it('needs a secret of at least 16 characters', () => {
    expect(() => createCursorCodec('short')).toThrow(/16/);
  });

  it('ignores page size and cursor in the fingerprint, but not the sort-key condition', () => {
    expect(queryFingerprint({ pk: 'a' })).toBe(queryFingerprint({ pk: 'a', reverse: false }));
    expect(queryFingerprint({ pk: 'a', sk: { eq: 'x' } })).not.toBe(queryFingerprint({ pk: 'a', sk: { lte: 'x' } }));
  });
});
