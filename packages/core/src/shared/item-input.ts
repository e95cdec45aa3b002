/**
 * Checks of ItemStore input shared by the in-memory and SQLite adapters, matching what DynamoDB
 * accepts (non-empty string keys of at most 2048/1024 bytes, JSON payloads). Every failure is
 * invalid_input and is raised before anything is written.
 */
import {
  type ConditionClause,
  type IndexKeys,
  type IndexName,
  type ItemData,
  type ItemKey,
  maxQueryLimit,
  type QueryInput,
  type ScanPartitionsInput,
  type SortKeyCondition,
} from '../ports/item-store.ts';
import { AppError } from './errors.ts';

export const maxPartitionKeyBytes = 2048;
export const maxSortKeyBytes = 1024;
export const maxGetManyKeys = 100;
export const defaultQueryLimit = 100;
export const indexKeyNames = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
export type IndexKeyName = (typeof indexKeyNames)[number];

const compareOps = new Set(['=', '<>', '<', '<=', '>', '>=']);
const loneSurrogate = /\p{Surrogate}/u;

export function checkKeyString(name: string, value: unknown, maxBytes: number): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw AppError.invalidInput(`${name} must be a non-empty string`, { field: name });
  }
  // A lone surrogate has no UTF-8 form: stores would silently turn it into U+FFFD, a different key.
  if (value.length * 3 > maxBytes && Buffer.byteLength(value, 'utf8') > maxBytes) {
    throw AppError.invalidInput(`${name} is longer than ${maxBytes} bytes`, { field: name });
  }
  if (loneSurrogate.test(value)) throw AppError.invalidInput(`${name} is not valid Unicode`, { field: name });
}

export function checkKey(key: ItemKey): ItemKey {
  if (key === null || typeof key !== 'object')
    throw AppError.invalidInput('An item key must be an object with pk and sk');
  checkKeyString('pk', key.pk, maxPartitionKeyBytes);
  checkKeyString('sk', key.sk, maxSortKeyBytes);
  return { pk: key.pk, sk: key.sk };
}

/**
 * One string per item key, for spotting repeats. JSON keeps it unambiguous: keys may contain any
 * character, so joining pk and sk with a separator would let two different keys collide.
 */
export function itemKeyId(key: ItemKey): string {
  return JSON.stringify([key.pk, key.sk]);
}

export function indexKeyLimit(name: IndexKeyName): number {
  return name.endsWith('pk') ? maxPartitionKeyBytes : maxSortKeyBytes;
}

/** The index keys an item carries (absent or undefined ones left out). */
export function checkIndexKeys(item: IndexKeys): IndexKeys {
  const out: IndexKeys = {};
  for (const name of indexKeyNames) {
    const value = item[name];
    if (value === undefined) continue;
    checkKeyString(name, value, indexKeyLimit(name));
    out[name] = value;
  }
  return out;
}

export function checkExpiresAt(value: unknown): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw AppError.invalidInput('expiresAt must be a whole number of epoch seconds', { field: 'expiresAt' });
  }
}

/** The payload as stored: its JSON text and the object that text parses back to. */
export interface CheckedData {
  data: ItemData;
  json: string;
}

export function checkData(data: unknown): CheckedData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw AppError.invalidInput('Item data must be a JSON object', { field: 'data' });
  }
  const json = toJson(data, 'data')!;
  return { data: JSON.parse(json) as ItemData, json };
}

/** JSON text of a value; undefined when JSON would drop it (undefined, functions). */
export function toJson(value: unknown, what: string): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new AppError('invalid_input', `Item ${what} cannot be stored as JSON`, {
      details: { field: what },
      cause: error,
    });
  }
}

export function checkFieldName(field: unknown): asserts field is string {
  if (typeof field !== 'string' || field.length === 0) {
    throw AppError.invalidInput('A data field name must be a non-empty string', { field: String(field) });
  }
}

export function checkConditions(clauses: readonly ConditionClause[] | undefined): ConditionClause[] {
  if (clauses === undefined) return [];
  if (!Array.isArray(clauses)) throw AppError.invalidInput('condition must be a list of clauses');
  for (const clause of clauses) {
    switch (clause?.kind) {
      case 'notExists':
      case 'exists':
        break;
      case 'versionEquals':
        if (!Number.isSafeInteger(clause.version))
          throw AppError.invalidInput('versionEquals needs an integer version');
        break;
      case 'compare': {
        checkFieldName(clause.field);
        if (!compareOps.has(clause.op)) throw AppError.invalidInput(`Unknown comparison ${String(clause.op)}`);
        const type = typeof clause.value;
        if (type === 'number' ? !Number.isFinite(clause.value) : type !== 'string' && type !== 'boolean') {
          throw AppError.invalidInput('A condition compares with a string, a finite number or a boolean', {
            field: clause.field,
          });
        }
        if (type === 'boolean' && clause.op !== '=' && clause.op !== '<>') {
          throw AppError.invalidInput('Booleans can only be compared with = or <>', { field: clause.field });
        }
        break;
      }
      case 'fieldExists':
      case 'fieldNotExists':
        checkFieldName(clause.field);
        break;
      default:
        throw AppError.invalidInput('Unknown condition clause');
    }
  }
  return clauses as ConditionClause[];
}

/** Distinct keys, at most 100. */
export function checkGetManyKeys(keys: readonly ItemKey[]): ItemKey[] {
  if (!Array.isArray(keys)) throw AppError.invalidInput('keys must be a list');
  if (keys.length > maxGetManyKeys) {
    throw AppError.invalidInput(`getMany takes at most ${maxGetManyKeys} keys`, { max: maxGetManyKeys });
  }
  const unique = new Map<string, ItemKey>();
  for (const key of keys) {
    const checked = checkKey(key);
    unique.set(itemKeyId(checked), checked);
  }
  return [...unique.values()];
}

export interface CheckedQuery {
  index: IndexName | undefined;
  pk: string;
  sk: SortKeyCondition | undefined;
  reverse: boolean;
  limit: number;
  cursor: string | undefined;
}

export function checkQuery(input: QueryInput): CheckedQuery {
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('The query must be an object');
  const { index, pk, sk, cursor } = input;
  if (index !== undefined && index !== 'gsi1' && index !== 'gsi2') {
    throw AppError.invalidInput(`Unknown index ${String(index)}`, { field: 'index' });
  }
  checkKeyString('pk', pk, maxPartitionKeyBytes);
  const limit = input.limit ?? defaultQueryLimit;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxQueryLimit) {
    throw AppError.invalidInput(`limit must be a whole number from 1 to ${maxQueryLimit}`, { field: 'limit' });
  }
  if (cursor !== undefined && typeof cursor !== 'string') {
    throw AppError.invalidInput('The cursor is invalid or belongs to another query', { field: 'cursor' });
  }
  return {
    index,
    pk,
    sk: sk === undefined ? undefined : checkSortKeyCondition(sk),
    reverse: input.reverse === true,
    limit,
    cursor,
  };
}

export interface CheckedScanPartitions {
  root: string;
  limit: number;
  cursor: string | undefined;
}

/** A scanPartitions page request: a partition key as root, a page size (default: the most), a string cursor. */
export function checkScanPartitions(input: ScanPartitionsInput): CheckedScanPartitions {
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('The scan must be an object');
  const { root, cursor } = input;
  checkKeyString('root', root, maxPartitionKeyBytes);
  const limit = input.limit ?? maxQueryLimit;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxQueryLimit) {
    throw AppError.invalidInput(`limit must be a whole number from 1 to ${maxQueryLimit}`, { field: 'limit' });
  }
  if (cursor !== undefined && typeof cursor !== 'string') {
    throw AppError.invalidInput('The cursor is invalid or belongs to another query', { field: 'cursor' });
  }
  return { root, limit, cursor };
}

/** Whether `pk` lies under a scanPartitions root: the root itself or `${root}#…`. */
export function isUnderPartitionRoot(pk: string, root: string): boolean {
  return pk === root || pk.startsWith(`${root}#`);
}

function checkSortKeyCondition(condition: SortKeyCondition): SortKeyCondition {
  const bad = (): AppError =>
    AppError.invalidInput('sk must be one of beginsWith, between, eq, lt, lte, gt or gte with string bounds', {
      field: 'sk',
    });
  if (condition === null || typeof condition !== 'object' || Object.keys(condition).length !== 1) throw bad();
  const [[operator, operand]] = Object.entries(condition) as [[string, unknown]];
  const bound = (value: unknown): void => {
    if (typeof value !== 'string') throw bad();
    if (loneSurrogate.test(value)) throw AppError.invalidInput('sk bounds must be valid Unicode', { field: 'sk' });
  };
  if (operator === 'between') {
    if (!Array.isArray(operand) || operand.length !== 2) throw bad();
    bound(operand[0]);
    bound(operand[1]);
    return condition;
  }
  if (!['beginsWith', 'eq', 'lt', 'lte', 'gt', 'gte'].includes(operator)) throw bad();
  bound(operand);
  return condition;
}
