/**
 * ItemStore semantics evaluated in memory, exactly as DynamoDB evaluates them: used by the in-memory
 * fake and by the SQLite adapter (inside its write transaction), so all adapters agree.
 */
import type { ConditionClause, ConditionValue, StoredItem } from '../ports/item-store.ts';

/**
 * Whether every clause holds. `item` is the live item, or undefined when there is none or it has
 * expired (an expired item is absent for conditions, as for readers).
 */
export function conditionsHold(clauses: readonly ConditionClause[], item: StoredItem | undefined): boolean {
  for (const clause of clauses) if (!clauseHolds(clause, item)) return false;
  return true;
}

function clauseHolds(clause: ConditionClause, item: StoredItem | undefined): boolean {
  switch (clause.kind) {
    case 'notExists':
      return item === undefined;
    case 'exists':
      return item !== undefined;
    case 'versionEquals':
      return item !== undefined && item.version === clause.version;
    case 'fieldExists':
      return item !== undefined && Object.hasOwn(item.data, clause.field);
    case 'fieldNotExists':
      return item === undefined || !Object.hasOwn(item.data, clause.field);
    case 'compare':
      if (item === undefined || !Object.hasOwn(item.data, clause.field)) return false;
      return compareHolds(item.data[clause.field], clause.op, clause.value);
  }
}

/**
 * DynamoDB comparison: values of different types are never equal and never ordered (so `<>` holds
 * and `<` does not); strings order by UTF-8 bytes, numbers numerically.
 */
function compareHolds(stored: unknown, op: string, value: ConditionValue): boolean {
  if (typeof stored !== typeof value) return op === '<>';
  if (op === '=') return stored === value;
  if (op === '<>') return stored !== value;
  if (typeof value === 'boolean') return false;
  const order = typeof value === 'string' ? compareUtf8(stored as string, value) : (stored as number) - value;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return false;
  }
}

/**
 * Orders strings by their UTF-8 bytes (= code points), as DynamoDB and SQLite's BINARY collation do.
 * JavaScript's `<` compares UTF-16 code units, which puts astral characters (emoji) before U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates (code points ≥ U+10000) above U+E000–U+FFFF; everything below U+D800 stays put.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
