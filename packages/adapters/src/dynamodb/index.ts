export { createDynamoItemStore, type DynamoItemStoreOptions } from './dynamodb-item-store.ts';
export * from './table-design.ts';
