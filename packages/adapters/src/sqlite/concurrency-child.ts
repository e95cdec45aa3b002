/**
 * A second process for the cross-process tests: `node --import tsx concurrency-child.ts <mode> <file> [n]`.
 * It opens the file, prints "ready", waits for a line on stdin (so sibling processes start together),
 * prints "started", then either migrates (`migrate`) or adds 1 to one counter n times (`increment`),
 * and prints "done". Arguments come from argv: only apps/api/src/config.ts may read the environment.
 */
import { createInterface } from 'node:readline';
import { migrate } from './migrate.ts';
import { openSqlite } from './open-sqlite.ts';
import { createSqliteItemStore } from './sqlite-item-store.ts';

const [mode, file, count = '0'] = process.argv.slice(2);
if ((mode !== 'migrate' && mode !== 'increment') || !file) {
  throw new Error('usage: concurrency-child.ts migrate|increment <file> [n]');
}

const db = openSqlite(file);
process.stdout.write('ready\n');
await new Promise<void>((go) => createInterface({ input: process.stdin }).once('line', () => go()));

process.stdout.write('started\n');
if (mode === 'migrate') {
  migrate(db);
} else {
  const store = createSqliteItemStore(db, { cursorSecret: 'cross-process-cursor-secret', sweepIntervalMs: 0 });
  for (let i = 0; i < Number(count); i++) await store.update({ pk: 'counter', sk: 'shared' }, { add: { n: 1 } });
  await store.close();
}
process.stdout.write('done\n');
db.close();
process.exit(0);
