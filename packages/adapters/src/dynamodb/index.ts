export { createDynamoItemStore, type DynamoItemStoreOptions } from './dynamodb-item-store.ts';
export { importItemsToDynamo, toTableItem } from './import-items.ts';
export * from './table-design.ts';
