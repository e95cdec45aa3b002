/**
 * The SQL of an ItemStore query, one statement per shape (table or index, sort-key operator,
 * direction, first page or not), so each is prepared once and reused.
 *
 * Order and pagination: on the table items order by sk; on an index by (gsi sk, pk, sk), the table
 * key breaking ties between equal index sort keys exactly as the index entries are stored. A cursor
 * resumes strictly after the last item's position with a row-value comparison the index can seek to.
 */
import type { IndexName, SortKeyCondition } from '@diatonic/core';

export type SortKeyOperator = 'none' | 'prefix' | 'prefixOpen' | 'between' | 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

export interface QueryShape {
  index: IndexName | undefined;
  operator: SortKeyOperator;
  reverse: boolean;
  resumes: boolean;
}

/** Named parameters of a query statement (only those its shape uses are passed). */
export type QueryParams = Record<string, string | number>;

const columnsOf = (index: IndexName | undefined) =>
  index === undefined ? { p: 'pk', s: 'sk' } : { p: `${index}pk`, s: `${index}sk` };

export function queryShapeKey(shape: QueryShape): string {
  return `${shape.index ?? 'table'}|${shape.operator}|${shape.reverse ? 'desc' : 'asc'}|${shape.resumes ? 'after' : 'first'}`;
}

export function querySql(shape: QueryShape, selectColumns: string): string {
  const { p, s } = columnsOf(shape.index);
  const where = [`${p} = @pk`];
  if (shape.index !== undefined) where.push(`${s} IS NOT NULL`);
  // A cursor lies inside the sort-key range of its own query (the fingerprint guarantees it), so when
  // resuming, the bound on the side the cursor comes from is redundant. Leaving it out lets SQLite seek
  // straight to the cursor instead of walking the range from its start and filtering.
  const low = !(shape.resumes && !shape.reverse);
  const high = !(shape.resumes && shape.reverse);
  switch (shape.operator) {
    case 'none':
      break;
    case 'prefix':
      if (low) where.push(`${s} >= @low`);
      if (high) where.push(`${s} < @high`);
      break;
    case 'prefixOpen':
    case 'gte':
      if (low) where.push(`${s} >= @low`);
      break;
    case 'between':
      if (low) where.push(`${s} >= @low`);
      if (high) where.push(`${s} <= @high`);
      break;
    case 'eq':
      where.push(`${s} = @low`);
      break;
    case 'lt':
      if (high) where.push(`${s} < @high`);
      break;
    case 'lte':
      if (high) where.push(`${s} <= @high`);
      break;
    case 'gt':
      if (low) where.push(`${s} > @low`);
      break;
  }
  const after = shape.reverse ? '<' : '>';
  if (shape.resumes) {
    where.push(
      shape.index === undefined
        ? `sk ${after} @afterSk`
        : `(${s}, pk, sk) ${after} (@afterIndexSk, @afterPk, @afterSk)`,
    );
  }
  where.push('(expires_at IS NULL OR expires_at > @now)');
  const direction = shape.reverse ? 'DESC' : 'ASC';
  const order = shape.index === undefined ? `sk ${direction}` : `${s} ${direction}, pk ${direction}, sk ${direction}`;
  return `SELECT ${selectColumns} FROM items WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`;
}

/** The statement shape and bound values for a sort-key condition. */
export function sortKeyParams(condition: SortKeyCondition | undefined): {
  operator: SortKeyOperator;
  params: QueryParams;
} {
  if (condition === undefined) return { operator: 'none', params: {} };
  if ('beginsWith' in condition) {
    const high = prefixUpperBound(condition.beginsWith);
    return high === undefined
      ? { operator: 'prefixOpen', params: { low: condition.beginsWith } }
      : { operator: 'prefix', params: { low: condition.beginsWith, high } };
  }
  if ('between' in condition)
    return { operator: 'between', params: { low: condition.between[0], high: condition.between[1] } };
  if ('eq' in condition) return { operator: 'eq', params: { low: condition.eq } };
  if ('lt' in condition) return { operator: 'lt', params: { high: condition.lt } };
  if ('lte' in condition) return { operator: 'lte', params: { high: condition.lte } };
  if ('gt' in condition) return { operator: 'gt', params: { low: condition.gt } };
  return { operator: 'gte', params: { low: condition.gte } };
}

/**
 * The least string above every string that starts with `prefix`, in code point (= UTF-8 byte) order:
 * the prefix with its last code point incremented, dropping trailing U+10FFFF. Undefined when the prefix
 * is empty or all U+10FFFF, where `>= prefix` alone is already exact. This keeps beginsWith an index
 * range instead of a scan (LIKE and GLOB would need escaping and case rules).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1; // skip the surrogate range, which no string holds
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
