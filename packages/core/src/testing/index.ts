export * from '../ports/item-store.contract.ts';
export * from '../ports/job-queue.contract.ts';
export * from './memory-item-store.ts';
export * from './memory-job-queue.ts';
