/**
 * Budget and rate enforcement by reservation (DESIGN §8; LiteLLM #34732/#40095 are the bugs it avoids).
 * Each counter item keeps `committed` amounts = settled usage + open reservations. A call reserves its
 * worst case with one transaction of conditional atomic adds: for every limited field the condition is
 * `field <= limit - amount` (DynamoDB cannot do arithmetic in a condition, so the subtraction happens
 * here). Concurrent callers therefore can never commit more than the limit between them. Settling adds
 * (actual - reserved), a negative number releasing the unused part; a failed call releases everything.
 * A process that dies between reserve and settle leaves its reservation counted (the safe direction)
 * until the period rolls over.
 */
import type { ConditionClause, ItemKey, TransactOperation } from '../ports/item-store.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';

export interface CounterCharge {
  key: ItemKey;
  /** Field → amount to reserve (≥ 0). */
  amounts: Record<string, number>;
  /** Field → limit; `null` or missing means the field is counted but not limited. */
  limits: Record<string, number | null>;
  /** Epoch seconds after which the counter item may disappear (its period is long over). */
  expiresAt: number;
  /** The error for a field whose limit would be exceeded. */
  refuse(field: string, limit: number, committed: number): AppError;
}

export interface Reservation {
  charges: CounterCharge[];
}

function conditionsOf(charge: CounterCharge): ConditionClause[] {
  const clauses: ConditionClause[] = [];
  for (const [field, amount] of Object.entries(charge.amounts)) {
    const limit = charge.limits[field];
    if (limit === null || limit === undefined) continue;
    clauses.push({ kind: 'compare', field, op: '<=', value: limit - amount });
  }
  return clauses;
}

/**
 * Reserves every charge or none; throws the first charge's refusal when a limit would be exceeded.
 * `alongside` (e.g. the ledger entry of a cache hit) is written in the same transaction, so it exists
 * exactly when the reservation does.
 */
export async function reserve(
  deps: AiDeps,
  charges: CounterCharge[],
  alongside: TransactOperation[] = [],
): Promise<Reservation> {
  for (const charge of charges) {
    for (const [field, amount] of Object.entries(charge.amounts)) {
      const limit = charge.limits[field];
      if (limit !== null && limit !== undefined && amount > limit) throw charge.refuse(field, limit, 0);
    }
  }
  // The charges come first, so a failed condition's index names a charge.
  const operations: TransactOperation[] = [
    ...charges.map(
      (charge): TransactOperation => ({
        kind: 'update',
        key: charge.key,
        changes: { add: charge.amounts, expiresAt: charge.expiresAt, condition: conditionsOf(charge) },
      }),
    ),
    ...alongside,
  ];
  // Each failed attempt either throws a refusal or creates a missing counter, so this bound is enough.
  const maxAttempts = charges.length + 4;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      await deps.store.transact(operations);
      return { charges };
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      await explainFailure(
        deps,
        charges,
        error.index !== undefined && error.index < charges.length ? error.index : undefined,
      );
    }
  }
  throw new AppError('unavailable', 'The usage counters are too busy; try again', { details: { retryAfterMs: 100 } });
}

/**
 * Works out why the reservation failed. A comparison on a missing field is false (as in DynamoDB), so a
 * counter's first use fails: it is created with zeros (adding 0 is idempotent under concurrency) and
 * the caller retries. A field really over its limit throws the refusal. Otherwise another call settled
 * meanwhile and a retry may pass.
 */
async function explainFailure(deps: AiDeps, charges: CounterCharge[], index: number | undefined): Promise<void> {
  const suspects = index === undefined ? charges : charges.slice(index, index + 1);
  for (const charge of suspects) {
    const item = await deps.store.get(charge.key);
    const missing = Object.keys(charge.amounts).filter((field) => typeof item?.data[field] !== 'number');
    if (missing.length > 0) {
      const zeros = Object.fromEntries(missing.map((field) => [field, 0]));
      await deps.store.update(charge.key, { add: zeros, expiresAt: charge.expiresAt });
      continue;
    }
    for (const [field, amount] of Object.entries(charge.amounts)) {
      const limit = charge.limits[field];
      const committed = item?.data[field] as number;
      if (limit !== null && limit !== undefined && committed + amount > limit) {
        throw charge.refuse(field, limit, committed);
      }
    }
  }
}

/** The writes replacing the reserved amounts with the actual ones (field → actual; absent fields settle to 0). */
export function settleOperations(
  reservation: Reservation,
  actual: (charge: CounterCharge) => Record<string, number>,
): TransactOperation[] {
  const operations: TransactOperation[] = [];
  for (const charge of reservation.charges) {
    const amounts = actual(charge);
    const add: Record<string, number> = {};
    for (const [field, reserved] of Object.entries(charge.amounts)) {
      const delta = (amounts[field] ?? 0) - reserved;
      if (delta !== 0) add[field] = delta;
    }
    if (Object.keys(add).length > 0) {
      operations.push({ kind: 'update', key: charge.key, changes: { add, expiresAt: charge.expiresAt } });
    }
  }
  return operations;
}

/**
 * Settles the reservation; `alongside` (the call's ledger entry, its cache entry) is written in the same
 * transaction, so counters and ledger never disagree, whatever happens to the process in between.
 */
export async function settle(
  deps: AiDeps,
  reservation: Reservation,
  actual: (charge: CounterCharge) => Record<string, number>,
  alongside: TransactOperation[] = [],
): Promise<void> {
  const operations = [...settleOperations(reservation, actual), ...alongside];
  if (operations.length > 0) await deps.store.transact(operations);
}

/** Gives the whole reservation back (the call never happened or failed). */
export function release(deps: AiDeps, reservation: Reservation, alongside: TransactOperation[] = []): Promise<void> {
  return settle(deps, reservation, () => ({}), alongside);
}
