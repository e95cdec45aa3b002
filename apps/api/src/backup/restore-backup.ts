/**
 * `diatonic restore <backup>`: puts a `diatonic backup` back into this configuration's DATA_DIR. The
 * server must be stopped first (like `copy-items-to-dynamodb`): nothing here can stop one that runs.
 *
 * Nothing is touched until the whole backup has checked out: the manifest, every file's size and SHA-256,
 * SQLite's integrity_check of the database, and a schema no newer than this code. An installation already
 * in place is refused, or with `force` moved aside into `DATA_DIR/replaced-by-restore-<time>/`, never
 * deleted. The database is copied under a temporary name and renamed into place; then the files and
 * secrets; then the schema is migrated to this code's version (a backup from an older version).
 */
import { chmod, copyFile, cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadMigrations, migrate, openSqlite } from '@diatonic/adapters/sqlite';
import type { Config } from '../config.ts';
import {
  BackupError,
  type BackupFileEntry,
  type BackupManifest,
  databaseFile,
  filesDir,
  readManifest,
  secretsDir,
  sha256Of,
} from './backup-manifest.ts';
import { type BackupConfig, backedUpSecrets, exists } from './create-backup.ts';

export type RestoreConfig = BackupConfig & Pick<Config, 'dataDir'>;

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the installation that was in place went (`force`), else null. */
  replacedDir: string | null;
  /** Secrets in the backup that this configuration takes from the environment instead. */
  secretsSkipped: string[];
}

export async function restoreBackup(
  config: RestoreConfig,
  backupDir: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<RestoreResult> {
  if (config.storage.kind !== 'sqlite') {
    throw new BackupError('diatonic restore restores into a SQLite installation (STORAGE=sqlite)');
  }
  const manifest = await readManifest(backupDir);
  await verifyBackup(backupDir, manifest);
  if (manifest.files.length > 0 && config.blobs.kind !== 'local') {
    throw new BackupError('The backup holds uploaded files; restore them into a local blob store (BLOBS=local)');
  }

  const targetFile = config.storage.file;
  const blobsDir = config.blobs.kind === 'local' ? config.blobs.dir : undefined;
  const occupied = (await exists(targetFile)) || (blobsDir !== undefined && (await hasEntries(blobsDir)));
  let replacedDir: string | null = null;
  if (occupied) {
    if (!options.force) {
      throw new BackupError(
        `${config.dataDir} already holds an installation. Stop its server, then run restore with --force to ` +
          'replace it (what is there now is moved aside, not deleted).',
      );
    }
    replacedDir = join(
      config.dataDir,
      `replaced-by-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`,
    );
    await moveAside(config, replacedDir);
  }

  await mkdir(dirname(targetFile), { recursive: true });
  const incoming = `${targetFile}.restoring`;
  await copyFile(join(backupDir, databaseFile), incoming);
  await rename(incoming, targetFile);
  if (blobsDir) {
    for (const entry of manifest.files) {
      const target = join(blobsDir, entry.path.slice(`${filesDir}/`.length));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(backupDir, entry.path), target);
    }
  }
  const secretsSkipped: string[] = [];
  const sources = new Map(backedUpSecrets(config));
  for (const { name, file } of manifest.secrets) {
    const source = sources.get(name);
    if (source?.kind !== 'file') {
      secretsSkipped.push(name);
      continue;
    }
    await mkdir(dirname(source.path), { recursive: true, mode: 0o700 });
    await copyFile(join(backupDir, file.path), source.path);
    await chmod(source.path, 0o600);
  }

  const db = openSqlite(targetFile);
  try {
    migrate(db);
  } finally {
    db.close();
  }
  return { manifest, replacedDir, secretsSkipped };
}

/** Every file the manifest names is there, unchanged; the database is sound and not from newer code. */
async function verifyBackup(backupDir: string, manifest: BackupManifest): Promise<void> {
  if (manifest.database.path !== databaseFile) throw new BackupError(`The manifest's database is not ${databaseFile}`);
  const entries: BackupFileEntry[] = [manifest.database, ...manifest.files, ...manifest.secrets.map((s) => s.file)];
  for (const entry of entries) {
    const file = join(backupDir, entry.path);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new BackupError(`The backup is missing ${entry.path}`);
    if (info.size !== entry.bytes || (await sha256Of(file)) !== entry.sha256) {
      throw new BackupError(`${entry.path} in the backup does not match its manifest (changed or damaged)`);
    }
  }
  for (const [entry, dir] of [
    ...manifest.files.map((file) => [file, filesDir] as const),
    ...manifest.secrets.map((secret) => [secret.file, secretsDir] as const),
  ]) {
    if (!entry.path.startsWith(`${dir}/`)) throw new BackupError(`${entry.path} is not under ${dir}/ in the backup`);
  }
  const db = openSqlite(join(backupDir, databaseFile), { readonly: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`The backup's database failed SQLite's integrity_check: ${String(check)}`);
  } finally {
    db.close();
  }
  const known = loadMigrations().at(-1)?.version ?? 0;
  if (manifest.schemaVersion > known) {
    throw new BackupError(
      `The backup is at schema version ${manifest.schemaVersion}, newer than this code knows (${known}); ` +
        'restore it with the version that made it',
    );
  }
}

async function hasEntries(dir: string): Promise<boolean> {
  return readdir(dir).then(
    (names) => names.length > 0,
    () => false,
  );
}

/** Moves the database (with its WAL and shared-memory files), the blob folder and secret files aside. */
async function moveAside(config: RestoreConfig, asideDir: string): Promise<void> {
  await mkdir(asideDir, { recursive: true, mode: 0o700 });
  const file = (config.storage as { file: string }).file;
  const paths = [file, `${file}-wal`, `${file}-shm`];
  if (config.blobs.kind === 'local') paths.push(config.blobs.dir);
  for (const [, source] of backedUpSecrets(config)) if (source.kind === 'file') paths.push(source.path);
  for (const path of paths) {
    if (!(await exists(path))) continue;
    const target = join(asideDir, path.split(/[\\/]/).slice(-1)[0]!);
    try {
      await rename(path, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another file system (SQLITE_FILE or BLOBS_DIR elsewhere): copy, then remove.
      await cp(path, target, { recursive: true });
      await rm(path, { recursive: true, force: true });
    }
  }
}
