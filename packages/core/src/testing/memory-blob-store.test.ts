import { describeBlobStoreContract } from '../ports/blob-store.contract.ts';
import { createMemoryBlobStore } from './memory-blob-store.ts';

describeBlobStoreContract('in memory', ({ nowMs }) => {
  const store = createMemoryBlobStore({ nowMs });
  return { store, fetch: store.fetch, checksSignatures: true };
});
