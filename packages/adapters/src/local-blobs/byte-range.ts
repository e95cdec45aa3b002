/**
 * One `Range: bytes=…` header (RFC 9110 §14) against an object of `size` bytes, so browsers can seek
 * in a video served by the local blob store. One range only (what media elements send); several
 * ranges, other units or a malformed header are ignored (the whole object, 200), as the RFC allows.
 * A well-formed range that starts past the end is unsatisfiable (416).
 */
import type { ByteRange } from '@diatonic/core';

export type RangeRequest = { kind: 'whole' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const single = /^bytes=(\d*)-(\d*)$/;

export function parseByteRange(header: string | null | undefined, size: number): RangeRequest {
  const match = header ? single.exec(header.trim()) : null;
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}
