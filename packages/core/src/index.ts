/** Public surface of the domain. Adapters and the API import from here (or from `@diatonic/core/testing`). */

export * from './ai/index.ts';
export * from './community/index.ts';
export * from './education/index.ts';
export * from './events/index.ts';
export * from './identity/index.ts';
export * from './moderation/index.ts';
export * from './notifications/index.ts';
export * from './ports/blob-store.ts';
export * from './ports/dead-letter-cursor.ts';
export * from './ports/item-store.ts';
export * from './ports/job-queue.ts';
export * from './ports/llm-provider.ts';
export * from './ports/media-inspector.ts';
export * from './ports/signed-blob-url.ts';
export * from './shared/clock.ts';
export * from './shared/cursor.ts';
export * from './shared/errors.ts';
export * from './shared/ids.ts';
export * from './shared/item-conditions.ts';
export * from './shared/item-input.ts';
export * from './shared/item-size.ts';
export * from './shared/item-writes.ts';
export * from './shared/retry-policy.ts';
export * from './shared/word-count.ts';
export * from './uploads/index.ts';
export * from './workbench/index.ts';
