/**
 * The one measure of an item's size: the UTF-8 bytes of the stored item as JSON (keys, index keys,
 * version, expiry and data). Every adapter calls checkItemSize before writing, so the limit trips at
 * the same point everywhere, below DynamoDB's own (differently computed) 400 KB.
 */
import { type ItemData, maxItemBytes, type StoredItem } from '../ports/item-store.ts';
import { AppError } from './errors.ts';

/**
 * `dataJson`, when the caller already has `JSON.stringify(item.data)`, saves serialising the payload
 * twice; the result is the same either way.
 */
export function measureItemBytes(item: StoredItem<ItemData>, dataJson?: string): number {
  if (dataJson === undefined) return Buffer.byteLength(JSON.stringify(item), 'utf8');
  // `"data":null` stands in for the payload; swapping the 4 bytes of `null` for the payload's JSON
  // gives exactly the length of the whole item's JSON.
  const envelope = Buffer.byteLength(JSON.stringify({ ...item, data: null }), 'utf8');
  return envelope - 4 + Buffer.byteLength(dataJson, 'utf8');
}

/** Returns the size in bytes, or throws payload_too_large (with sizeBytes and limitBytes) above maxItemBytes. */
export function checkItemSize(item: StoredItem<ItemData>, dataJson?: string): number {
  const sizeBytes = measureItemBytes(item, dataJson);
  if (sizeBytes > maxItemBytes) {
    throw new AppError('payload_too_large', `The item is ${sizeBytes} bytes; the limit is ${maxItemBytes} bytes`, {
      details: { sizeBytes, limitBytes: maxItemBytes },
    });
  }
  return sizeBytes;
}
