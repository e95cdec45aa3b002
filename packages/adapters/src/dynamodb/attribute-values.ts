/**
 * Payload values between our JSON data model and the document client.
 *
 * Data is normalised through JSON first, so DynamoDB stores exactly what the SQLite adapter stores
 * (undefined fields dropped, Dates as ISO strings, no functions or class instances). Numbers beyond
 * ±2^53 are legal JSON but the document client refuses to marshal them by default and hands them back
 * as BigInt, so we wrap them in NumberValue on the way in and turn every numeric form back into a JS
 * number on the way out. That keeps the adapter correct whatever translateConfig its client has.
 */

import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { AppError, type ItemData } from '@diatonic/core';

/** Returns `data` as plain JSON (a fresh object), or throws invalid_input when it is not a JSON object. */
export function normalizeData(data: unknown, what = 'data'): ItemData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw AppError.invalidInput(`Item ${what} must be a JSON object`);
  }
  return normalizeJson(data, what) as ItemData;
}

/** One value as JSON would store it; `undefined` when JSON would drop it. */
export function normalizeJson(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new AppError('invalid_input', `Item ${what} cannot be stored as JSON`, { cause: error });
  }
  return text === undefined ? undefined : JSON.parse(text);
}

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
