export { type BackgroundCheckpoints, startBackgroundCheckpoints } from './background-checkpoints.ts';
export { deleteExpiredItems } from './delete-expired-items.ts';
export { type AppliedMigration, listAppliedMigrations, loadMigrations, type Migration, migrate } from './migrate.ts';
export { type OpenSqliteOptions, openSqlite, type SqliteDatabase } from './open-sqlite.ts';
export { readAllSqliteItems } from './read-all-items.ts';
export { createSqliteItemStore, type SqliteItemStoreOptions } from './sqlite-item-store.ts';
