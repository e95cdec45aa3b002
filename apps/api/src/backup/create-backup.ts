/**
 * `diatonic backup`: a consistent copy of a one-machine installation (STORAGE=sqlite) that `diatonic
 * restore` can put back, taken while the server runs.
 *
 * - The database (items and the local queue's jobs) is copied with `VACUUM INTO` from a read-only
 *   connection: one read transaction, so the copy is the database as of one instant, every commit
 *   acknowledged before that instant included; in WAL mode it holds up neither the server's reads nor
 *   its writes. (SQLite's online backup API would restart each time the server wrote meanwhile.)
 * - Then the uploaded files (BLOBS=local), so every file the snapshot refers to is copied; a file written
 *   after the snapshot may come along too, unreferenced and harmless. With BLOBS=s3 the files stay in the
 *   bucket (versioned there) and the manifest says so.
 * - Then the generated secrets kept as files (cursor and blob URL signing), so cursors and signed links
 *   stay valid after a restore. The backup folder is private (0700) for that reason.
 * - `manifest.json` last, with every file's size and SHA-256: a folder without it did not finish.
 */
import { chmod, copyFile, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { openSqlite } from '@diatonic/adapters/sqlite';
import type { Config, SecretSource } from '../config.ts';
import {
  BackupError,
  type BackupFileEntry,
  type BackupManifest,
  databaseFile,
  filesDir,
  manifestFile,
  secretsDir,
  sha256Of,
} from './backup-manifest.ts';

export type BackupConfig = Pick<Config, 'storage' | 'blobs' | 'secrets'>;

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
}

/** The secrets a backup carries, by the name restore maps back to the target's configuration. */
export const backedUpSecrets = (config: Pick<Config, 'secrets'>): [string, SecretSource][] => [
  ['cursor', config.secrets.cursor],
  ['blob-signing', config.secrets.blobSigning],
];

export async function createBackup(config: BackupConfig, parentDir: string, now = new Date()): Promise<BackupResult> {
  if (config.storage.kind !== 'sqlite') {
    throw new BackupError(
      'diatonic backup copies a SQLite installation (STORAGE=sqlite); DynamoDB has point-in-time recovery instead',
    );
  }
  const sourceFile = config.storage.file;
  if (!(await exists(sourceFile))) throw new BackupError(`There is no database at ${sourceFile} to back up`);

  const dir = join(parentDir, `diatonic-backup-${now.toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(parentDir, { recursive: true });
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(`${dir} already exists`);
    throw err;
  }

  const database = await snapshotDatabase(sourceFile, join(dir, databaseFile));
  const files = config.blobs.kind === 'local' ? await copyTree(config.blobs.dir, join(dir, filesDir), dir) : [];
  const secrets: BackupManifest['secrets'] = [];
  for (const [name, source] of backedUpSecrets(config)) {
    if (source.kind !== 'file' || !(await exists(source.path))) continue;
    const target = join(dir, secretsDir, name);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await copyFile(source.path, target);
    await chmod(target, 0o600);
    secrets.push({ name, file: await entryFor(target, dir) });
  }

  const manifest: BackupManifest = {
    format: 'diatonic-backup',
    version: 1,
    createdAt: now.toISOString(),
    schemaVersion: database.schemaVersion,
    database: database.entry,
    files,
    secrets,
    blobsElsewhere: config.blobs.kind === 's3' ? `s3://${config.blobs.bucket}` : null,
  };
  const temp = join(dir, `${manifestFile}.partial`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, join(dir, manifestFile));
  return { dir, manifest };
}

async function snapshotDatabase(sourceFile: string, target: string) {
  const source = openSqlite(sourceFile, { readonly: true });
  try {
    source.prepare('VACUUM INTO ?').run(target);
  } finally {
    source.close();
  }
  const snapshot = openSqlite(target, { readonly: true });
  let schemaVersion: number;
  try {
    const check = snapshot.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The database snapshot failed SQLite's quick_check: ${String(check)}`);
    schemaVersion =
      snapshot.prepare<[], { version: number | null }>('SELECT max(version) AS version FROM schema_migrations').get()
        ?.version ?? 0;
  } finally {
    snapshot.close();
  }
  await chmod(target, 0o600);
  return { entry: await entryFor(target, dirname(target)), schemaVersion };
}

/** Copies every file under `from` to `to`; a file removed while it is being copied is left out. */
async function copyTree(from: string, to: string, backupDir: string): Promise<BackupFileEntry[]> {
  let names: string[];
  try {
    names = await readdir(from, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries: BackupFileEntry[] = [];
  for (const name of names.sort()) {
    const source = join(from, name);
    const info = await stat(source).catch(() => undefined);
    if (!info?.isFile()) continue;
    const target = join(to, name);
    await mkdir(dirname(target), { recursive: true });
    try {
      await copyFile(source, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    entries.push(await entryFor(target, backupDir));
  }
  return entries;
}

/** Hashes the copy, not the source: the manifest vouches for what the backup holds (a second read, on purpose). */
async function entryFor(file: string, backupDir: string): Promise<BackupFileEntry> {
  const { size } = await stat(file);
  return { path: relative(backupDir, file).split(sep).join('/'), bytes: size, sha256: await sha256Of(file) };
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
