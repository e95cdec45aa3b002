/**
 * `diatonic <command>`: `start` (migrate, seed on first start, serve API + web + workers, print the
 * URL), `migrate`, `seed`. Configuration comes from the environment (see .env.example).
 */
import { ConfigError, loadConfig } from './config.ts';
import { buildDeps, type Deps } from './deps.ts';
import { closeOnSignals, startNodeServer } from './entry/node-server.ts';
import { runSeed } from './seed/run-seed.ts';

const usage = `Usage: diatonic <command>

Commands:
  start     migrate, seed demo data on first start, then serve the API, the web app and the workers
  migrate   bring the storage schema up to date
  seed      run the seed steps that have not run yet (idempotent)
`;

async function seed(deps: Deps) {
  const { config, itemStore, clock, ids, logger } = deps;
  return runSeed({ itemStore, clock, ids, logger, demoData: config.seed.demoData });
}

async function main(command: string | undefined): Promise<number> {
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return command === undefined ? 1 : 0;
  }
  if (!['start', 'migrate', 'seed'].includes(command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${usage}`);
    return 1;
  }
  const deps = await buildDeps(loadConfig());
  if (command === 'migrate') {
    await deps.migrate();
    await deps.close();
    process.stdout.write('migrated\n');
    return 0;
  }
  await deps.migrate();
  if (command === 'seed') {
    const { ran, skipped } = await seed(deps);
    await deps.close();
    process.stdout.write(
      `seeded: ${ran.join(', ') || 'nothing new'}${skipped.length ? ` (already done: ${skipped.join(', ')})` : ''}\n`,
    );
    return 0;
  }
  await seed(deps);
  const running = await startNodeServer(deps);
  closeOnSignals(running, deps);
  process.stdout.write(`\nDiatonic is running at ${running.url}\n  API docs: ${running.url}/api/docs\n\n`);
  return -1;
}

main(process.argv[2]).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    // A configuration problem is the user's to fix: show the list, not a stack trace.
    const text =
      err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${text}\n`);
    process.exit(1);
  },
);
