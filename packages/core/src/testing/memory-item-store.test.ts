import { describeItemStoreContract } from '../ports/item-store.contract.ts';
import { createMemoryItemStore } from './memory-item-store.ts';

describeItemStoreContract('memory', async () => {
  let now = Date.now();
  const clock = {
    nowMs: () => now,
    advanceMs: (ms: number) => {
      now += ms;
    },
  };
  const store = createMemoryItemStore({ clock, cursorSecret: 'memory-contract-cursor-secret' });
  return { store, clock, cleanup: () => store.close() };
});
