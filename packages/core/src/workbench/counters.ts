/**
 * Counters with a ceiling, as atomic conditional adds. A comparison on a missing field is false (as
 * in DynamoDB), so a counter is created at 0 the first time a conditional add finds nothing.
 */
import type { ItemKey, ItemStore } from '../ports/item-store.ts';
import { ConditionFailedError } from '../shared/errors.ts';

export async function ensureCounter(store: ItemStore, key: ItemKey, field: string): Promise<void> {
  try {
    await store.update(key, { set: { [field]: 0 }, condition: [{ kind: 'fieldNotExists', field }] });
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

/** Adds one unless the counter has reached `limit` (null = no limit). Returns whether it added. */
export async function incrementWithin(
  store: ItemStore,
  key: ItemKey,
  field: string,
  limit: number | null,
): Promise<boolean> {
  if (limit === null) {
    await store.update(key, { add: { [field]: 1 } });
    return true;
  }
  for (let round = 0; round < 2; round++) {
    try {
      await store.update(key, { add: { [field]: 1 }, condition: [{ kind: 'compare', field, op: '<', value: limit }] });
      return true;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      const item = await store.get(key);
      if (item && typeof item.data[field] === 'number') return false;
      await ensureCounter(store, key, field);
    }
  }
  return false;
}
