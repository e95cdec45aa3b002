import { describe, expect, it } from 'vitest';
import { compareUtf8 } from './item-conditions.ts';

describe('compareUtf8', () => {
  it('orders strings exactly as their UTF-8 bytes do', () => {
    const samples = [
      '',
      'a',
      'a\u0000',
      'ab',
      'z',
      'é',
      '\u07FF',
      '\u0800',
      '中',
      '\uD7FF',
      '\uE000',
      '\uFFFF',
      '😀',
      '😀a',
      '\u{10FFFF}',
    ];
    for (const a of samples) {
      for (const b of samples) {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(Math.sign(compareUtf8(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(bytes);
      }
    }
  });
});
