/**
 * Builds DynamoDB expressions from ItemStore conditions and changes. Every attribute name and value
 * goes through a placeholder, so field names may hold any character and never collide with DynamoDB's
 * reserved words.
 *
 * TTL: DynamoDB deletes expired items only eventually (up to days later), so "expired" is decided
 * here: an item whose `expiresAt <= now` is absent for every condition, exactly as readers see it.
 */
import type { ConditionClause } from '@diatonic/core';
import { toDynamoValue } from './attribute-values.ts';
import { attributeNames } from './table-design.ts';

export interface ExpressionBuilder {
  name(attribute: string): string;
  value(value: unknown): string;
  /** `#data.#field`: a top-level field of the payload map. */
  dataPath(field: string): string;
  /** The item exists and has not expired. */
  live(nowSec: number): string;
  /** The item does not exist or has expired. */
  absent(nowSec: number): string;
  /** All clauses ANDed, each evaluated against the live item; undefined for no clauses. */
  condition(clauses: readonly ConditionClause[], nowSec: number): string | undefined;
  names(): Record<string, string> | undefined;
  values(): Record<string, unknown> | undefined;
}

export function createExpressionBuilder(): ExpressionBuilder {
  const names = new Map<string, string>();
  const values: Record<string, unknown> = {};
  let valueCount = 0;

  const builder: ExpressionBuilder = {
    name(attribute) {
      let placeholder = names.get(attribute);
      if (placeholder === undefined) {
        placeholder = `#n${names.size}`;
        names.set(attribute, placeholder);
      }
      return placeholder;
    },
    value(value) {
      const placeholder = `:v${valueCount++}`;
      values[placeholder] = toDynamoValue(value);
      return placeholder;
    },
    dataPath(field) {
      return `${builder.name(attributeNames.data)}.${builder.name(field)}`;
    },
    live(nowSec) {
      const ttl = builder.name(attributeNames.timeToLive);
      return `(attribute_exists(${builder.name(attributeNames.partitionKey)}) AND (attribute_not_exists(${ttl}) OR ${ttl} > ${builder.value(nowSec)}))`;
    },
    absent(nowSec) {
      const ttl = builder.name(attributeNames.timeToLive);
      return `(attribute_not_exists(${builder.name(attributeNames.partitionKey)}) OR ${ttl} <= ${builder.value(nowSec)})`;
    },
    condition(clauses, nowSec) {
      if (clauses.length === 0) return undefined;
      return clauses.map((clause) => clauseExpression(builder, clause, nowSec)).join(' AND ');
    },
    names() {
      return names.size === 0 ? undefined : Object.fromEntries([...names].map(([name, key]) => [key, name]));
    },
    values() {
      return valueCount === 0 ? undefined : values;
    },
  };
  return builder;
}

function clauseExpression(b: ExpressionBuilder, clause: ConditionClause, nowSec: number): string {
  switch (clause.kind) {
    case 'notExists':
      return b.absent(nowSec);
    case 'exists':
      return b.live(nowSec);
    case 'versionEquals':
      return `(${b.name(attributeNames.version)} = ${b.value(clause.version)} AND ${b.live(nowSec)})`;
    case 'compare': {
      // attribute_exists makes every comparison on a missing field false, `<>` included.
      const path = b.dataPath(clause.field);
      return `(attribute_exists(${path}) AND ${path} ${clause.op} ${b.value(clause.value)} AND ${b.live(nowSec)})`;
    }
    case 'fieldExists':
      return `(attribute_exists(${b.dataPath(clause.field)}) AND ${b.live(nowSec)})`;
    case 'fieldNotExists':
      return `(attribute_not_exists(${b.dataPath(clause.field)}) OR ${b.absent(nowSec)})`;
  }
}

/** Whether every clause holds for an item that does not exist (used when an update creates the item). */
export function holdsForAbsentItem(clauses: readonly ConditionClause[]): boolean {
  return clauses.every((clause) => clause.kind === 'notExists' || clause.kind === 'fieldNotExists');
}
