/**
 * Backup and restore of a one-machine installation, against real SQLite files and a real blob folder:
 * a backup taken while the platform writes restores into a fresh DATA_DIR that serves the same accounts,
 * posts, files and cursors; damaged, unfinished or too-new backups are refused before anything is
 * touched; an installation in place is refused, or moved aside with `force`.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite } from '@diatonic/adapters/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { caller, expectJson, type SignedUp, signUp, strongPassword } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform, tempDir } from '../../test/temp-platform.ts';
import { type Config, loadConfig } from '../config.ts';
import { BackupError, readManifest } from './backup-manifest.ts';
import { createBackup } from './create-backup.ts';
import { restoreBackup } from './restore-backup.ts';

const unlimited = { RATE_LIMIT_REQUESTS: '0' };
const bin = fileURLToPath(new URL('../../../../scripts/diatonic.mjs', import.meta.url));

/** The `diatonic` command in a child process; resolves when it exits. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
const dirs: string[] = [];
const newDir = (prefix: string) => {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
};
const platforms: TempPlatform[] = [];
afterAll(async () => {
  for (const platform of platforms) await platform.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function platformIn(dataDir: string) {
  const platform = await startTempPlatform({ dataDir, env: unlimited });
  platforms.push(platform);
  return { platform, call: caller(platform) };
}

const configIn = (dataDir: string): Config => loadConfig({ DATA_DIR: dataDir, ...unlimited });

async function post(call: ReturnType<typeof caller>, user: SignedUp, title: string): Promise<string> {
  const body = { title, content: `Notes for ${title}.` };
  const created = await expectJson<{ id: string }>(
    await call('POST', '/api/community/posts', { token: user.accessToken, orgId: user.personalOrgId, body }),
    201,
  );
  return created.id;
}

/** A backup of an installation with one account, two posts and one uploaded file. */
async function smallBackup() {
  const source = newDir('diatonic-backup-src-');
  const { platform, call } = await platformIn(source);
  const user = await signUp(call, 'keeper@example.com');
  await post(call, user, 'First');
  await post(call, user, 'Second');
  await platform.deps.blobStore.put('uploads/notes.txt', new TextEncoder().encode('hello'), 'text/plain');
  const { dir } = await createBackup(platform.deps.config, newDir('diatonic-backups-'));
  return { dir, user };
}

describe('diatonic backup and restore', () => {
  it('backs up while the platform writes; the restore serves the same accounts, posts, files and cursors', async () => {
    const source = newDir('diatonic-backup-src-');
    const { platform, call } = await platformIn(source);
    const user = await signUp(call, 'owner@example.com');
    const file = new TextEncoder().encode('lesson plan, week 3');
    await platform.deps.blobStore.put('uploads/plan.txt', file, 'text/plain');
    const acknowledged: string[] = [];
    for (let i = 0; i < 30; i++) acknowledged.push(await post(call, user, `Before ${i}`));

    // `diatonic backup` in its own process, as an operator runs it, while the server keeps writing.
    let writing = true;
    let duringCount = 0;
    const during: Promise<void> = (async () => {
      while (writing) await post(call, user, `During ${duringCount++}`);
    })();
    const backupRun = await runCli(['backup', '--out', newDir('diatonic-backups-')], {
      DATA_DIR: source,
      ...unlimited,
    });
    writing = false;
    await during;
    expect(backupRun, backupRun.err).toMatchObject({ code: 0 });
    const dir = /^backed up to (\S+) in \d+ ms/.exec(backupRun.out)?.[1] ?? '';
    const manifest = await readManifest(dir);
    expect(duringCount).toBeGreaterThan(0);

    expect(manifest).toMatchObject({ format: 'diatonic-backup', version: 1, schemaVersion: 2, blobsElsewhere: null });
    // The blob folder as it is on disk (the local store keeps each object beside its metadata).
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^files\/.*plan\.txt/)]),
    );
    expect(manifest.secrets.map((s) => s.name).sort()).toEqual(['blob-signing', 'cursor']);
    const firstPage = await expectJson<{ items: { id: string }[]; nextCursor: string }>(
      await call('GET', '/api/community/posts?limit=1', { token: user.accessToken, orgId: user.personalOrgId }),
      200,
    );

    const target = newDir('diatonic-restored-');
    const result = await restoreBackup(configIn(target), dir);
    expect(result).toMatchObject({ replacedDir: null, secretsSkipped: [] });
    const db = openSqlite(join(target, 'app.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();

    const restored = await platformIn(target);
    const login = await expectJson<{ accessToken: string }>(
      await restored.call('POST', '/api/auth/login', { body: { email: user.email, password: strongPassword } }),
      200,
    );
    const token = login.accessToken;
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; title: string }[]; nextCursor: string | null } = await expectJson(
        await restored.call('GET', `/api/community/posts?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
          token,
          orgId: user.personalOrgId,
        }),
        200,
      );
      titles.push(...page.items.map((item) => item.title));
      cursor = page.nextCursor;
    } while (cursor);
    // Every post acknowledged before the backup began is there; posts written during it may be.
    for (let i = 0; i < 30; i++) expect(titles).toContain(`Before ${i}`);
    expect(titles.every((title) => /^(Before|During) \d+$/.test(title))).toBe(true);
    expect(await restored.platform.deps.blobStore.read('uploads/plan.txt')).toEqual(file);
    // The cursor secret came along: a cursor the old installation issued still reads the next page.
    const next = await restored.call('GET', `/api/community/posts?limit=1&cursor=${firstPage.nextCursor}`, {
      token,
      orgId: user.personalOrgId,
    });
    expect(next.status).toBe(200);
  });

  it('refuses an installation in place; with force, moves it aside and restores', async () => {
    const { dir, user } = await smallBackup();
    const target = newDir('diatonic-occupied-');
    const other = await platformIn(target);
    const stranger = await signUp(other.call, 'stranger@example.com');
    await other.platform.close();
    platforms.splice(platforms.indexOf(other.platform), 1);
    const before = await readFile(join(target, 'app.db'));

    await expect(restoreBackup(configIn(target), dir)).rejects.toThrow(/already holds an installation.*--force/);
    expect(await readFile(join(target, 'app.db'))).toEqual(before);

    const { replacedDir } = await restoreBackup(configIn(target), dir, { force: true });
    expect(replacedDir).toMatch(/replaced-by-restore-/);
    // What was there is kept, whole: the stranger's database opens and still holds their account.
    const aside = openSqlite(join(replacedDir!, 'app.db'), { readonly: true });
    const count = aside.prepare('SELECT count(*) AS n FROM items WHERE data LIKE ?').get(`%${stranger.email}%`) as {
      n: number;
    };
    aside.close();
    expect(count.n).toBeGreaterThan(0);

    const restored = await platformIn(target);
    const login = (email: string) =>
      restored.call('POST', '/api/auth/login', { body: { email, password: strongPassword } });
    expect((await login(user.email)).status).toBe(200);
    expect((await login(stranger.email)).status).toBe(401);
  });

  it('refuses damaged, unfinished and too-new backups, touching nothing', async () => {
    const { dir } = await smallBackup();
    const target = newDir('diatonic-untouched-');
    const attempt = () => restoreBackup(configIn(target), dir);
    const manifestPath = join(dir, 'manifest.json');
    const manifestText = await readFile(manifestPath, 'utf8');

    // A flipped byte in the database.
    const dbPath = join(dir, 'app.db');
    const original = await readFile(dbPath);
    const damaged = Buffer.from(original);
    const at = damaged.length - 100;
    damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);
    await writeFile(dbPath, damaged);
    await expect(attempt()).rejects.toThrow(/app\.db in the backup does not match its manifest/);
    await writeFile(dbPath, original);

    // A file gone.
    const { files } = await readManifest(dir);
    const notes = files.find((f) => f.path.includes('notes.txt'));
    expect(notes).toBeDefined();
    await rm(join(dir, notes!.path));
    await expect(attempt()).rejects.toThrow(`missing ${notes!.path}`);

    // No manifest: the backup did not finish.
    await rm(manifestPath);
    await expect(attempt()).rejects.toThrow(BackupError);
    await expect(attempt()).rejects.toThrow(/no manifest\.json/);

    // A manifest pointing outside the backup, or from a newer schema.
    const manifest = JSON.parse(manifestText);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, files: [{ ...notes, path: '../x' }] }));
    await expect(attempt()).rejects.toThrow(/unsafe path/);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, files: [], schemaVersion: 999 }));
    await expect(attempt()).rejects.toThrow(/schema version 999, newer than this code knows/);

    expect(await readManifest(dir)).toMatchObject({ schemaVersion: 999 });
    expect(await readdir(target)).toEqual([]);
  });

  it('backs up SQLite installations only, and says why not otherwise', async () => {
    const config = { ...configIn(newDir('diatonic-dynamo-')) };
    const dynamo = { ...config, storage: { kind: 'dynamodb' as const, table: 't', region: 'us-east-2' } };
    await expect(createBackup(dynamo, newDir('diatonic-backups-'))).rejects.toThrow(/point-in-time recovery/);
    await expect(createBackup(config, newDir('diatonic-backups-'))).rejects.toThrow(/no database at/);
  });
});
