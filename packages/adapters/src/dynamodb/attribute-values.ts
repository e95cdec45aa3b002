/**
 * Payload values between our JSON data model and the document client.
 *
 * Data arrives already normalised through JSON by the core's input checks (checkPut, checkChanges), so
 * DynamoDB stores exactly what the SQLite adapter stores (undefined fields dropped, Dates as ISO
 * strings, no functions or class instances). Numbers beyond ±2^53 are legal JSON but the document
 * client refuses to marshal them by default and hands them back as BigInt, so we wrap them in
 * NumberValue on the way in and turn every numeric form back into a JS number on the way out. That keeps the adapter correct whatever translateConfig its client has.
 */

import { NumberValue } from '@aws-sdk/lib-dynamodb';

/** Prepares a JSON value for the document client. */
export function toDynamoValue(value: unknown): unknown {
  if (typeof value === 'number') {
    return Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : NumberValue.from(String(value));
  }
  if (Array.isArray(value)) return value.map(toDynamoValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = toDynamoValue(field);
    return out;
  }
  return value;
}

/** Turns a value read by the document client back into JSON. */
export function fromDynamoValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof NumberValue) return Number(value.toString());
  if (Array.isArray(value)) return value.map(fromDynamoValue);
  if (value instanceof Set) return [...value].map(fromDynamoValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = fromDynamoValue(field);
    return out;
  }
  return value;
}

/** A number attribute in any form the document client may return (or a raw `{ N }` from an error). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof NumberValue) return Number(value.toString());
  if (value !== null && typeof value === 'object' && 'N' in value && typeof value.N === 'string')
    return Number(value.N);
  return undefined;
}
