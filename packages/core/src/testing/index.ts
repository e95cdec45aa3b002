export {
  createTestTargets,
  putTestContent,
  readTestContent,
  type StoredTestContent,
} from '../moderation/moderation-test-kit.ts';
export * from '../ports/blob-store.contract.ts';
export * from '../ports/item-store.contract.ts';
export * from '../ports/job-queue.contract.ts';
export * from '../ports/llm-provider.contract.ts';
export * from './fake-media-inspector.ts';
export * from './memory-blob-store.ts';
export * from './memory-item-store.ts';
export * from './memory-job-queue.ts';
export * from './scripted-llm.ts';
