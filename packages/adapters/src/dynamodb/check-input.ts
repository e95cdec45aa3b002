/**
 * Checks of ItemStore input that DynamoDB would otherwise reject with a ValidationException (or,
 * worse, accept with a different meaning than the SQLite adapter). Every failure is invalid_input.
 */
import {
  AppError,
  type ConditionClause,
  type IndexKeys,
  type ItemData,
  type ItemKey,
  type UpdateChanges,
} from '@diatonic/core';
import { normalizeJson } from './attribute-values.ts';

const maxPartitionKeyBytes = 2048;
const maxSortKeyBytes = 1024;
const indexKeyNames = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;
const compareOps = new Set(['=', '<>', '<', '<=', '>', '>=']);

export function checkKey(key: ItemKey): ItemKey {
  if (key === null || typeof key !== 'object') throw AppError.invalidInput('Item key must be an object with pk and sk');
  checkKeyString('pk', key.pk, maxPartitionKeyBytes);
  checkKeyString('sk', key.sk, maxSortKeyBytes);
  return { pk: key.pk, sk: key.sk };
}

export function checkKeyString(name: string, value: unknown, maxBytes: number): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw AppError.invalidInput(`${name} must be a non-empty string`, { field: name });
  }
  if (Buffer.byteLength(value, 'utf8') > maxBytes) {
    throw AppError.invalidInput(`${name} is longer than ${maxBytes} bytes`, { field: name });
  }
  // A lone surrogate has no UTF-8 form: it would be stored as U+FFFD, a different key.
  if (/\p{Surrogate}/u.test(value)) throw AppError.invalidInput(`${name} is not valid Unicode`, { field: name });
}

/** The index keys present on a new item (absent or undefined ones are left out). */
export function checkIndexKeys(item: IndexKeys): IndexKeys {
  const out: IndexKeys = {};
  for (const name of indexKeyNames) {
    const value = item[name];
    if (value === undefined) continue;
    checkKeyString(name, value, name.endsWith('pk') ? maxPartitionKeyBytes : maxSortKeyBytes);
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
        if (!Number.isSafeInteger(clause.version)) {
          throw AppError.invalidInput('versionEquals needs an integer version');
        }
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
  return [...clauses];
}

/** Update changes after checking, with set values already in JSON form. */
export interface CheckedChanges {
  set: ItemData;
  add: Record<string, number>;
  remove: string[];
  /** Index keys to set (string) or remove (null). */
  index: Partial<Record<(typeof indexKeyNames)[number], string | null>>;
  /** undefined = leave as is, null = remove. */
  expiresAt: number | null | undefined;
  condition: ConditionClause[];
}

export function checkChanges(changes: UpdateChanges): CheckedChanges {
  if (changes === null || typeof changes !== 'object') throw AppError.invalidInput('changes must be an object');
  const seen = new Set<string>();
  const claim = (field: string): void => {
    checkFieldName(field);
    if (seen.has(field)) {
      throw AppError.invalidInput(`Field ${field} appears more than once in one update`, { field });
    }
    seen.add(field);
  };

  const set: ItemData = {};
  for (const [field, value] of Object.entries(changes.set ?? {})) {
    const json = normalizeJson(value, `field ${field}`);
    if (json === undefined) continue; // JSON drops undefined, so `set: { x: undefined }` changes nothing.
    claim(field);
    set[field] = json;
  }
  const add: Record<string, number> = {};
  for (const [field, amount] of Object.entries(changes.add ?? {})) {
    if (amount === undefined) continue;
    claim(field);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw AppError.invalidInput(`add.${field} must be a finite number`, { field });
    }
    add[field] = amount;
  }
  const remove: string[] = [];
  for (const field of changes.remove ?? []) {
    claim(field);
    remove.push(field);
  }

  const index: CheckedChanges['index'] = {};
  for (const [name, value] of Object.entries(changes.index ?? {})) {
    if (!(indexKeyNames as readonly string[]).includes(name)) {
      throw AppError.invalidInput(`Unknown index key ${name}`, { field: name });
    }
    const keyName = name as (typeof indexKeyNames)[number];
    if (value === undefined) continue;
    if (value !== null) checkKeyString(keyName, value, keyName.endsWith('pk') ? maxPartitionKeyBytes : maxSortKeyBytes);
    index[keyName] = value;
  }

  const expiresAt = changes.expiresAt;
  if (expiresAt !== null) checkExpiresAt(expiresAt);
  return { set, add, remove, index, expiresAt, condition: checkConditions(changes.condition) };
}
