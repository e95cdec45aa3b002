/**
 * Secrets not given in the environment are generated once and kept in a file under DATA_DIR, so a
 * restart keeps cursors and signed URLs valid. Two processes starting together agree on one value:
 * the secret is written to a private temp file and hard-linked into place (atomic, fails if the file
 * exists), so nobody ever reads a half-written file and the loser of the race reads the winner's secret.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretSource } from './config.ts';

const minLength = 32;

export async function loadOrCreateSecret(source: SecretSource): Promise<string> {
  if (source.kind === 'value') return source.value;
  const existing = await readSecret(source.path);
  if (existing) return existing;
  await mkdir(dirname(source.path), { recursive: true, mode: 0o700 });
  const temp = `${source.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(temp, source.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  const created = await readSecret(source.path);
  if (!created) throw new Error(`The secret file ${source.path} is empty or shorter than ${minLength} characters`);
  return created;
}

async function readSecret(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const secret = text.trim();
  if (secret.length < minLength)
    throw new Error(`The secret file ${path} is empty or shorter than ${minLength} characters`);
  return secret;
}
