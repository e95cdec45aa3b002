/**
 * The behaviour every ItemStore adapter must show (DESIGN §3). Not a test file by itself: each
 * adapter's test calls `describeItemStoreContract(name, makeStore)`. The cases live in
 * `item-store-contract/`, one file per concern.
 *
 * The suite asks for one store and shares it between cases; every case writes under its own random
 * key namespace, so cases never see each other's items. Expectations stay within what DynamoDB can
 * do: pages may be shorter than the limit (expired items are filtered after DynamoDB applies it), the
 * order of items with equal index sort keys is not fixed, and `expiresAt` is compared in seconds.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { ItemStore } from './item-store.ts';
import { describeConditionCases } from './item-store-contract/condition-cases.ts';
import {
  type ContractClock,
  type ContractContext,
  createContractContext,
} from './item-store-contract/contract-context.ts';
import { describeExpiryCases } from './item-store-contract/expiry-cases.ts';
import { describeIndexCases } from './item-store-contract/index-cases.ts';
import { describePaginationCases } from './item-store-contract/pagination-cases.ts';
import { describePayloadCases } from './item-store-contract/payload-cases.ts';
import { describeQueryCases } from './item-store-contract/query-cases.ts';
import { describeScanCases } from './item-store-contract/scan-cases.ts';
import { describeTransactionCases } from './item-store-contract/transaction-cases.ts';
import { describeWriteCases } from './item-store-contract/write-cases.ts';

export type { ContractClock } from './item-store-contract/contract-context.ts';

export interface ItemStoreUnderTest {
  store: ItemStore;
  /**
   * The clock the store decides expiry with, when the test controls it. Without one the store must
   * use real time, and the one case that needs an item to expire while it watches waits ~2 s.
   */
  clock?: ContractClock;
  cleanup(): Promise<void>;
}

export type MakeItemStore = () => Promise<ItemStoreUnderTest>;

export function describeItemStoreContract(name: string, makeStore: MakeItemStore): void {
  describe(`ItemStore contract: ${name}`, () => {
    let subject: ItemStoreUnderTest | undefined;
    const context: ContractContext = createContractContext(() => {
      if (subject === undefined) throw new Error('makeStore() has not finished');
      return subject;
    });

    beforeAll(async () => {
      subject = await makeStore();
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    describeWriteCases(context);
    describeConditionCases(context);
    describeTransactionCases(context);
    describeIndexCases(context);
    describeQueryCases(context);
    describePaginationCases(context);
    describeExpiryCases(context);
    describePayloadCases(context);
    describeScanCases(context);
  });
}
