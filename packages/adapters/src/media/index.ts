export * from './media-inspector.ts';
