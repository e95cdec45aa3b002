export * from './local-blob-store.ts';
