/**
 * The bare baseline: `node:http` and better-sqlite3 doing the same work as each scenario's platform route,
 * with no framework; every answer carries what every platform answer carries (baseline-frame.ts). Reads PORT and SQLITE_FILE (the platform's database, opened with the platform's
 * settings — WAL, synchronous NORMAL, a 5 s busy timeout — and writable: the community scenarios write); prints
 * nothing, answers `/api/health` like every scenario route.
 */
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { openFrame, sendJson } from './baseline-frame.ts';
import { type BaselineHandler, scenarios } from './scenarios.ts';

const port = Number(process.env.PORT);
const sqliteFile = process.env.SQLITE_FILE;
if (!Number.isInteger(port) || port <= 0 || !sqliteFile) {
  throw new Error('baseline-server needs PORT and SQLITE_FILE');
}

const db = new Database(sqliteFile, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const context = { db, startedAtMs: Date.now() };
// Keyed by scenario name (the load sends `x-bench-scenario`), so two scenarios may share a route.
const handlers = new Map<string, BaselineHandler>(
  scenarios.flatMap((scenario) => (scenario.baseline ? [[scenario.name, scenario.baseline(context)] as const] : [])),
);

// Without the header (the harness's health probe), the first scenario of that method and path answers.
const byRoute = new Map<string, BaselineHandler>();
for (const scenario of scenarios) {
  const key = `${scenario.method} ${scenario.path}`;
  const handler = handlers.get(scenario.name);
  if (handler && !byRoute.has(key)) byRoute.set(key, handler);
}

const server = createServer((request, response) => {
  const name = request.headers['x-bench-scenario'];
  const handler =
    typeof name === 'string' ? handlers.get(decodeURIComponent(name)) : byRoute.get(`${request.method} ${request.url}`);
  openFrame(request, response);
  if (handler) return handler(request, response);
  sendJson(response, 404, { error: { code: 'not_found', message: 'no such baseline route' } });
});

server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.close(() => db.close());
  server.closeAllConnections();
});
