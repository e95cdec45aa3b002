export * from './byte-range.ts';
export * from './local-blob-store.ts';
