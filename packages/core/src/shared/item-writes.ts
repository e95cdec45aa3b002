/**
 * ItemStore write semantics computed in memory: given the live item (or none), what a put, update or
 * delete writes, or the ConditionFailedError it raises. The in-memory fake and the SQLite adapter both
 * run these inside their own atomic section, so they cannot disagree on versions, upserts or limits.
 */
import {
  type ConditionClause,
  type ItemData,
  type ItemKey,
  maxTransactOperations,
  type NewItem,
  type StoredItem,
  type TransactOperation,
  type UpdateChanges,
} from '../ports/item-store.ts';
import { AppError, ConditionFailedError, isAppError } from './errors.ts';
import { conditionsHold } from './item-conditions.ts';
import {
  checkConditions,
  checkData,
  checkExpiresAt,
  checkFieldName,
  checkIndexKeys,
  checkKey,
  checkKeyString,
  type IndexKeyName,
  indexKeyLimit,
  indexKeyNames,
  itemKeyId,
  toJson,
} from './item-input.ts';
import { checkItemSize } from './item-size.ts';

/** An item ready to store: its payload's JSON text travels with it so nobody serialises it twice. */
export interface PlannedItem {
  item: StoredItem;
  dataJson: string;
}

export interface CheckedPut {
  key: ItemKey;
  planned: PlannedItem;
  condition: ConditionClause[];
}

/** Checks a put; the version is already final (1, or the pinned version + 1) and the size is checked. */
export function checkPut(newItem: NewItem, clauses: readonly ConditionClause[] | undefined): CheckedPut {
  if (newItem === null || typeof newItem !== 'object') throw AppError.invalidInput('The item must be an object');
  const key = checkKey(newItem);
  const index = checkIndexKeys(newItem);
  checkExpiresAt(newItem.expiresAt);
  const condition = checkConditions(clauses);
  const { data, json } = checkData(newItem.data);
  const pinned = condition.find((clause) => clause.kind === 'versionEquals');
  const item: StoredItem = { ...key, ...index, data, version: pinned === undefined ? 1 : pinned.version + 1 };
  if (newItem.expiresAt !== undefined) item.expiresAt = newItem.expiresAt;
  checkItemSize(item, json);
  return { key, planned: { item, dataJson: json }, condition };
}

export function planPut(put: CheckedPut, live: StoredItem | undefined): PlannedItem {
  if (!conditionsHold(put.condition, live)) throw new ConditionFailedError();
  return put.planned;
}

/** Update changes after checking; `set` values are already plain JSON. */
export interface CheckedChanges {
  set: [string, unknown][];
  add: [string, number][];
  remove: string[];
  /** Index keys to set (string) or remove (null). */
  index: [IndexKeyName, string | null][];
  /** undefined = leave as is, null = remove. */
  expiresAt: number | null | undefined;
  condition: ConditionClause[];
}

export function checkChanges(changes: UpdateChanges): CheckedChanges {
  if (changes === null || typeof changes !== 'object') throw AppError.invalidInput('changes must be an object');
  const seen = new Set<string>();
  const claim = (field: string): void => {
    checkFieldName(field);
    if (seen.has(field)) throw AppError.invalidInput(`Field ${field} appears more than once in one update`, { field });
    seen.add(field);
  };
  const set: [string, unknown][] = [];
  for (const [field, value] of Object.entries(changes.set ?? {})) {
    const json = toJson(value, `field ${field}`);
    if (json === undefined) continue; // as JSON would: `set: { x: undefined }` changes nothing
    claim(field);
    set.push([field, JSON.parse(json)]);
  }
  const add: [string, number][] = [];
  for (const [field, amount] of Object.entries(changes.add ?? {})) {
    if (amount === undefined) continue;
    claim(field);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw AppError.invalidInput(`add.${field} must be a finite number`, { field });
    }
    add.push([field, amount]);
  }
  const remove: string[] = [];
  for (const field of changes.remove ?? []) {
    claim(field);
    remove.push(field);
  }
  const index: [IndexKeyName, string | null][] = [];
  for (const [name, value] of Object.entries(changes.index ?? {})) {
    if (!(indexKeyNames as readonly string[]).includes(name)) {
      throw AppError.invalidInput(`Unknown index key ${name}`, { field: name });
    }
    if (value === undefined) continue;
    if (value !== null) checkKeyString(name, value, indexKeyLimit(name as IndexKeyName));
    index.push([name as IndexKeyName, value]);
  }
  if (changes.expiresAt !== null) checkExpiresAt(changes.expiresAt);
  return { set, add, remove, index, expiresAt: changes.expiresAt, condition: checkConditions(changes.condition) };
}

/**
 * The item an update writes over `live` (or creates, version 1 and counters from 0, when there is
 * none), after checking its condition and the size of the result.
 */
export function planUpdate(key: ItemKey, changes: CheckedChanges, live: StoredItem | undefined): PlannedItem {
  if (!conditionsHold(changes.condition, live)) throw new ConditionFailedError();
  const data: ItemData = live === undefined ? {} : { ...live.data };
  for (const [field, value] of changes.set) setOwn(data, field, value);
  for (const [field, amount] of changes.add) {
    const current = Object.hasOwn(data, field) ? data[field] : 0;
    if (typeof current !== 'number') {
      throw AppError.invalidInput(`add can only change numeric fields; ${field} is not a number`, { field });
    }
    const sum = current + amount;
    if (!Number.isFinite(sum)) throw AppError.invalidInput(`add.${field} would overflow`, { field });
    setOwn(data, field, sum);
  }
  for (const field of changes.remove) delete data[field];

  const item: StoredItem = { ...key, data, version: live === undefined ? 1 : live.version + 1 };
  for (const name of indexKeyNames) if (live?.[name] !== undefined) item[name] = live[name];
  for (const [name, value] of changes.index) {
    if (value === null) delete item[name];
    else item[name] = value;
  }
  const expiresAt = changes.expiresAt === undefined ? live?.expiresAt : changes.expiresAt;
  if (expiresAt !== undefined && expiresAt !== null) item.expiresAt = expiresAt;
  const dataJson = JSON.stringify(data);
  checkItemSize(item, dataJson);
  return { item, dataJson };
}

/** Whether a delete removes a live item; throws when its condition does not hold. */
export function planDelete(condition: ConditionClause[], live: StoredItem | undefined): boolean {
  if (!conditionsHold(condition, live)) throw new ConditionFailedError();
  return live !== undefined;
}

export type CheckedOperation =
  | { kind: 'put'; key: ItemKey; put: CheckedPut }
  | { kind: 'update'; key: ItemKey; changes: CheckedChanges }
  | { kind: 'delete'; key: ItemKey; condition: ConditionClause[] }
  | { kind: 'conditionCheck'; key: ItemKey; condition: ConditionClause[] };

/**
 * Checks a whole transaction before any of it runs: at most 100 operations on distinct items. An
 * operation's input error names it (`details.index`).
 */
export function checkTransaction(operations: readonly TransactOperation[]): CheckedOperation[] {
  if (!Array.isArray(operations)) throw AppError.invalidInput('operations must be a list');
  if (operations.length > maxTransactOperations) {
    throw AppError.invalidInput(`A transaction holds at most ${maxTransactOperations} operations`, {
      max: maxTransactOperations,
    });
  }
  const seen = new Set<string>();
  return operations.map((operation, index) => {
    const checked = withIndex(index, () => checkOperation(operation));
    const id = itemKeyId(checked.key);
    if (seen.has(id)) throw AppError.invalidInput('A transaction touches each item at most once', { index });
    seen.add(id);
    return checked;
  });
}

function checkOperation(operation: TransactOperation): CheckedOperation {
  switch (operation?.kind) {
    case 'put': {
      const put = checkPut(operation.item, operation.condition);
      return { kind: 'put', key: put.key, put };
    }
    case 'update':
      return { kind: 'update', key: checkKey(operation.key), changes: checkChanges(operation.changes) };
    case 'delete':
      return { kind: 'delete', key: checkKey(operation.key), condition: checkConditions(operation.condition) };
    case 'conditionCheck': {
      const condition = checkConditions(operation.condition);
      if (condition.length === 0) throw AppError.invalidInput('conditionCheck needs at least one clause');
      return { kind: 'conditionCheck', key: checkKey(operation.key), condition };
    }
    default:
      throw AppError.invalidInput('Unknown transaction operation');
  }
}

/** Runs one operation's step, turning its failure into one that names the operation. */
export function withIndex<T>(index: number, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ConditionFailedError) throw new ConditionFailedError(undefined, index);
    if (isAppError(error)) {
      throw new AppError(error.code, `Operation ${index}: ${error.message}`, {
        details: { ...error.details, index },
        cause: error,
      });
    }
    throw error;
  }
}

/** Assignment that also works for a field named `__proto__` (plain `=` would change the prototype). */
function setOwn(data: ItemData, field: string, value: unknown): void {
  Object.defineProperty(data, field, { value, enumerable: true, writable: true, configurable: true });
}
