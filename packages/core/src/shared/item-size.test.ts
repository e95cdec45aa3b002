import { describe, expect, it } from 'vitest';
import { maxItemBytes, type StoredItem } from '../ports/item-store.ts';
import { AppError } from './errors.ts';
import { checkItemSize, measureItemBytes } from './item-size.ts';

describe('item size', () => {
  it('counts the UTF-8 bytes of the whole item as JSON, with or without the payload JSON at hand', () => {
    const item: StoredItem = { pk: 'T#1', sk: 'é', data: { emoji: '😀', nul: '\u0000' }, version: 3, expiresAt: 9 };
    const expected = Buffer.byteLength(JSON.stringify(item), 'utf8');
    expect(measureItemBytes(item)).toBe(expected);
    expect(measureItemBytes(item, JSON.stringify(item.data))).toBe(expected);
  });

  it('accepts the limit exactly and rejects one byte more with payload_too_large and both sizes', () => {
    const shell: StoredItem = { pk: 'p', sk: 's', data: { s: '' }, version: 1 };
    const fits: StoredItem = { ...shell, data: { s: 'x'.repeat(maxItemBytes - measureItemBytes(shell)) } };
    expect(checkItemSize(fits)).toBe(maxItemBytes);
    const over: StoredItem = { ...shell, data: { s: `${fits.data.s}x` } };
    try {
      checkItemSize(over);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('payload_too_large');
      expect((error as AppError).details).toEqual({ sizeBytes: maxItemBytes + 1, limitBytes: maxItemBytes });
    }
  });
});
