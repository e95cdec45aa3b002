/**
 * Test fixture for the graceful-shutdown test: the real Node server (config from the environment,
 * SQLite, workers, signal handling) plus one slow route. Prints `listening <url>` and `slow-started`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { closeOnSignals, startNodeServer } from '../src/entry/node-server.ts';

const deps = await buildDeps(loadConfig());
await deps.migrate();
const app = await createApp(deps);
app.get('/api/test/slow', async (c) => {
  process.stdout.write('slow-started\n');
  await sleep(Number(c.req.query('ms') ?? 1000));
  return c.json({ done: true });
});
const running = await startNodeServer(deps, app);
closeOnSignals(running, deps);
process.stdout.write(`listening ${running.url}\n`);
