/** What every group of ItemStore contract cases gets: the store, a key namespace, time, and assertions. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type AppError, ConditionFailedError, type ErrorCode, isAppError } from '../../shared/errors.ts';
import type { ItemData, ItemStore, NewItem, QueryInput, StoredItem } from '../item-store.ts';

export interface ContractClock {
  nowMs(): number;
  advanceMs(ms: number): void;
}

export interface ContractContext {
  store(): ItemStore;
  /** A fresh prefix for every key a case writes, so cases sharing a store never meet. */
  namespace(): string;
  /** Now in epoch seconds, by the store's clock. */
  nowSec(): number;
  /** Lets at least `seconds` pass on the store's clock (advances a controlled clock, else waits). */
  passTime(seconds: number): Promise<void>;
}

interface Subject {
  store: ItemStore;
  clock?: ContractClock;
}

export function createContractContext(subject: () => Subject): ContractContext {
  const nowMs = (): number => subject().clock?.nowMs() ?? Date.now();
  return {
    store: () => subject().store,
    namespace: () => `ct-${randomUUID().slice(0, 13)}/`,
    nowSec: () => Math.floor(nowMs() / 1000),
    async passTime(seconds) {
      const clock = subject().clock;
      if (clock !== undefined) return clock.advanceMs(seconds * 1000);
      const until = nowMs() + seconds * 1000;
      while (Date.now() < until) await new Promise((wake) => setTimeout(wake, until - Date.now() + 5));
    },
  };
}

/** Awaits a rejection and checks it is an AppError with `code`; returns it for further checks. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected ${code}, but the call succeeded`);
  const { error } = outcome;
  if (!isAppError(error)) throw error;
  expect(error.code, error.message).toBe(code);
  return error;
}

export async function expectConditionFailed(promise: Promise<unknown>, index?: number): Promise<void> {
  const error = await expectAppError(promise, 'conflict');
  expect(error).toBeInstanceOf(ConditionFailedError);
  if (index !== undefined) expect((error as ConditionFailedError).index).toBe(index);
}

/** Writes items a few at a time (fast on a remote store, gentle on a local one). */
export async function putAll(store: ItemStore, items: NewItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) await Promise.all(items.slice(i, i + 25).map((item) => store.put(item)));
}

export interface CollectedPages<T extends ItemData = ItemData> {
  items: StoredItem<T>[];
  pageSizes: number[];
}

/** Follows nextCursor to the end; fails rather than loop forever on a cursor that never ends. */
export async function queryAll<T extends ItemData = ItemData>(
  store: ItemStore,
  input: QueryInput,
  maxPages = 1_000,
): Promise<CollectedPages<T>> {
  const items: StoredItem<T>[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await store.query<T>({ ...input, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...result.items);
    pageSizes.push(result.items.length);
    if (result.nextCursor === null) return { items, pageSizes };
    expect(typeof result.nextCursor).toBe('string');
    cursor = result.nextCursor;
  }
  throw new Error(`query did not end after ${maxPages} pages`);
}

/** Table keys as one comparable string, for checking sets of items. */
export function keyId(item: { pk: string; sk: string }): string {
  return JSON.stringify([item.pk, item.sk]);
}
