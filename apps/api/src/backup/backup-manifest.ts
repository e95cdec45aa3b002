/**
 * A backup's `manifest.json`: what the backup holds and the checksum of every file in it, written last, so
 * a folder without one is an unfinished backup. Restore trusts nothing the manifest does not vouch for.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const manifestFile = 'manifest.json';
/** The database snapshot's name inside a backup. */
export const databaseFile = 'app.db';
/** Uploaded files (the local blob store's folder), under their blob keys. */
export const filesDir = 'files';
/** Generated secrets (cursor signing, blob URL signing) kept as files in DATA_DIR. */
export const secretsDir = 'keys';

const BackupFileEntry = z.object({
  /** Relative to the backup folder, `/`-separated. */
  path: z
    .string()
    .min(1)
    .refine((path) => !path.split('/').some((part) => part === '..' || part === '' || part === '.'), 'unsafe path'),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupFileEntry = z.infer<typeof BackupFileEntry>;

export const BackupManifest = z.object({
  format: z.literal('diatonic-backup'),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  /** The newest schema migration the database snapshot has. */
  schemaVersion: z.number().int().min(0),
  database: BackupFileEntry,
  /** Empty when blobs live in S3 (versioned there, not copied here). */
  files: z.array(BackupFileEntry),
  /** Secret names (`cursor`, `blob-signing`) whose files are in the backup; secrets given in the environment are not. */
  secrets: z.array(z.object({ name: z.string().regex(/^[a-z-]+$/), file: BackupFileEntry })),
  /** Where the blobs were when they are not in the backup (`s3://bucket`). */
  blobsElsewhere: z.string().nullable(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export class BackupError extends Error {
  override name = 'BackupError';
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(backupDir, manifestFile), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BackupError(`${backupDir} has no ${manifestFile}: not a Diatonic backup, or one that did not finish`);
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${join(backupDir, manifestFile)} is not valid JSON`);
  }
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new BackupError(
      `${join(backupDir, manifestFile)} is not a manifest this version reads: ${problems.join('; ')}`,
    );
  }
  return parsed.data;
}
