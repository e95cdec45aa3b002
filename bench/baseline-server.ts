/**
 * The bare baseline: `node:http` and better-sqlite3 doing the same work as each scenario's platform route,
 * with no framework. Reads PORT and SQLITE_FILE (the platform's database, opened read-only); prints
 * nothing, answers `/api/health` like every scenario route.
 */
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { type BaselineHandler, scenarios } from './scenarios.ts';

const port = Number(process.env.PORT);
const sqliteFile = process.env.SQLITE_FILE;
if (!Number.isInteger(port) || port <= 0 || !sqliteFile) {
  throw new Error('baseline-server needs PORT and SQLITE_FILE');
}

const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
const context = { db, startedAtMs: Date.now() };
const handlers = new Map<string, BaselineHandler>(
  scenarios.map((scenario) => [`${scenario.method} ${scenario.path}`, scenario.baseline(context)]),
);

const server = createServer((request, response) => {
  const handler = handlers.get(`${request.method} ${request.url}`);
  if (handler) return handler(request, response);
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end('{"error":{"code":"not_found","message":"no such baseline route"}}');
});

server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.close(() => db.close());
  server.closeAllConnections();
});
