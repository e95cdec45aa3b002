/**
 * `diatonic <command>`: `start` (migrate, seed on first start, serve API + web + workers, print the
 * URL), `migrate`, `seed`, `create-platform-admin`, `rotate-signing-key`, `copy-items-to-dynamodb`, `backup`,
 * `restore`. Configuration comes from the environment (see .env.example).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { migrate as migrateSqlite, openSqlite } from '@diatonic/adapters/sqlite';
import { isAppError } from '@diatonic/core';
import { BackupError } from './backup/backup-manifest.ts';
import { createBackup } from './backup/create-backup.ts';
import { restoreBackup } from './backup/restore-backup.ts';
import { ConfigError, loadConfig } from './config.ts';
import { copyItemsToDynamo } from './copy-items.ts';
import { buildDeps, type Deps } from './deps.ts';
import { closeOnSignals, startNodeServer } from './entry/node-server.ts';
import { demoAccounts, demoOrganizationName, demoPassword } from './seed/demo-identity-step.ts';
import { runSeed } from './seed/run-seed.ts';

const usage = `Usage: diatonic <command>

Commands:
  start     migrate, seed demo data on first start, then serve the API, the web app and the workers
  migrate   bring the storage schema up to date
  seed      run the seed steps that have not run yet (idempotent)
  create-platform-admin --email <address> [--password <password>] [--name <name>]
            make the first platform admin: promotes the account with that e-mail, or creates it
            (with a generated password, printed once, when --password is not given)
  rotate-signing-key
            make a new access-token signing key active; the old one stays in the JWKS until the
            tokens it signed have expired
  copy-items-to-dynamodb --table <name> [--region <region>] [--endpoint <url>]
            copy every item of the SQLite store (STORAGE=sqlite) into that DynamoDB table, keeping
            versions and expiries; stop the server first; safe to run again
  backup --out <folder>
            copy the database, uploaded files and generated secrets (STORAGE=sqlite) into a new
            folder under <folder>, with a checksummed manifest; safe while the server runs
  restore <backup folder> [--force]
            check a backup, then put it into DATA_DIR; stop the server first; --force moves an
            installation already there aside (DATA_DIR/replaced-by-restore-…) instead of refusing
`;

/** The seed steps take what they need from the deps (see seed/seed-step.ts SeedContext). */
function seed(deps: Deps) {
  return runSeed({ ...deps, demoData: deps.config.seed.demoData });
}

async function createPlatformAdmin(deps: Deps, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email) {
    process.stderr.write(`--email is required.\n\n${usage}`);
    return 1;
  }
  // 24 random bytes in base64url: long, mixed case and digits, so it always passes the strength rules.
  const generated = values.password ? undefined : `${randomBytes(24).toString('base64url')}-9a`;
  const { user, created } = await deps.identity.createFirstPlatformAdmin({
    email: values.email,
    password: values.password ?? generated,
    name: values.name ?? 'Platform admin',
  });
  if (!created) process.stdout.write(`promoted ${user.email} (${user.id}) to platform admin\n`);
  else process.stdout.write(`created platform admin ${user.email} (${user.id})\n`);
  if (created && generated) process.stdout.write(`password (shown once): ${generated}\n`);
  return 0;
}

async function copyItems(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
  });
  const config = loadConfig();
  if (!values.table || config.storage.kind !== 'sqlite') {
    process.stderr.write(`--table is required, and the source must be STORAGE=sqlite.\n\n${usage}`);
    return 1;
  }
  const db = openSqlite(config.storage.file);
  migrateSqlite(db);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...(values.region ? { region: values.region } : {}),
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    }),
  );
  try {
    const copied = await copyItemsToDynamo({
      db,
      client,
      tableName: values.table,
      nowSeconds: Math.floor(Date.now() / 1000),
      onProgress: (n) => process.stdout.write(`\rcopied ${n} items`),
    });
    process.stdout.write(`\rcopied ${copied} items from ${config.storage.file} to ${values.table}\n`);
    return 0;
  } finally {
    client.destroy();
    db.close();
  }
}

async function backup(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) {
    process.stderr.write(`--out is required.\n\n${usage}`);
    return 1;
  }
  const started = performance.now();
  const { dir, manifest } = await createBackup(loadConfig(), values.out);
  const fileBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  process.stdout.write(
    `backed up to ${dir} in ${Math.round(performance.now() - started)} ms: database ${manifest.database.bytes} bytes ` +
      `(schema ${manifest.schemaVersion}), ${manifest.files.length} files (${fileBytes} bytes), ` +
      `${manifest.secrets.length} secrets${manifest.blobsElsewhere ? `; files stay in ${manifest.blobsElsewhere}` : ''}\n`,
  );
  return 0;
}

async function restore(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  if (positionals.length !== 1) {
    process.stderr.write(`restore takes one backup folder.\n\n${usage}`);
    return 1;
  }
  const started = performance.now();
  const config = loadConfig();
  const result = await restoreBackup(config, positionals[0]!, { force: values.force === true });
  const { manifest } = result;
  process.stdout.write(
    `restored the backup of ${manifest.createdAt} into ${config.dataDir} in ${Math.round(performance.now() - started)} ms: ` +
      `${manifest.files.length} files, ${manifest.secrets.length - result.secretsSkipped.length} secrets\n` +
      (result.replacedDir ? `the installation that was there is in ${result.replacedDir}\n` : '') +
      (result.secretsSkipped.length
        ? `not restored, taken from the environment instead: ${result.secretsSkipped.join(', ')}\n`
        : ''),
  );
  return 0;
}

/** node:util parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes. */
function isParseArgsError(err: unknown): err is Error {
  return err instanceof Error && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}

function demoBanner(): string {
  const accounts = demoAccounts.map((a) => `    ${a.email.padEnd(28)}${a.role}`).join('\n');
  return `  Demo organisation "${demoOrganizationName}"; every demo account's password is ${demoPassword}\n${accounts}\n`;
}

async function main(command: string | undefined): Promise<number> {
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return command === undefined ? 1 : 0;
  }
  if (command === 'copy-items-to-dynamodb') return copyItems(process.argv.slice(3));
  if (command === 'backup') return backup(process.argv.slice(3));
  if (command === 'restore') return restore(process.argv.slice(3));
  if (!['start', 'migrate', 'seed', 'create-platform-admin', 'rotate-signing-key'].includes(command)) {
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
  if (command === 'create-platform-admin') {
    try {
      return await createPlatformAdmin(deps, process.argv.slice(3));
    } finally {
      await deps.close();
    }
  }
  if (command === 'rotate-signing-key') {
    try {
      const { kid, retiredKid } = await deps.identity.rotateSigningKey();
      process.stdout.write(
        `active signing key ${kid}${retiredKid ? `; ${retiredKid} retired (still published)` : ''}\n`,
      );
      return 0;
    } finally {
      await deps.close();
    }
  }
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
  const demo = deps.config.seed.demoData ? demoBanner() : '';
  process.stdout.write(`\nDiatonic is running at ${running.url}\n  API docs: ${running.url}/api/docs\n${demo}\n`);
  return -1;
}

main(process.argv[2]).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    // A configuration problem is the user's to fix: show the list, not a stack trace.
    const text =
      err instanceof ConfigError || err instanceof BackupError || isAppError(err) || isParseArgsError(err)
        ? err.message
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
    process.stderr.write(`${text}\n`);
    process.exit(1);
  },
);
