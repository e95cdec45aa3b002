/**
 * How long the sweep of one deleted organisation takes on SQLite (identity's purge-organization.ts):
 * `npx tsx bench/org-purge.ts [items of the organisation, default 20000] [items of other tenants, default 200000]`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteItemStore, migrate, openSqlite } from '@diatonic/adapters/sqlite';
import { sweepPartitions } from '@diatonic/core';

const n = Number(process.argv[2] ?? 20000);
const others = Number(process.argv[3] ?? 200000);
const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'purge-')), 'app.db'));
migrate(db);
const store = createSqliteItemStore(db, { cursorSecret: 'x'.repeat(40), nowMs: () => Date.now() });
const insert = db.prepare('INSERT INTO items (pk, sk, version, data) VALUES (?, ?, 1, ?)');
db.transaction(() => {
  for (let i = 0; i < others; i++) insert.run(`T#org_other${i % 500}#POST#p${i}`, 'POST', '{"title":"other"}');
  for (let i = 0; i < n; i++) insert.run(`T#org_doomed#POST#p${i % 2000}`, `C#${i}`, '{"content":"doomed comment"}');
})();
const t0 = performance.now();
const deleted = await sweepPartitions(store, 'T#org_doomed');
const ms = performance.now() - t0;
console.log(
  `swept ${deleted} items in ${ms.toFixed(0)} ms (${((deleted / ms) * 1000).toFixed(0)} items/s), ${others} other items in the table`,
);
