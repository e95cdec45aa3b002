import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/envelope.ts';
import { startTempPlatform, type TempPlatform, tempDir } from '../../test/temp-platform.ts';
import { webContentSecurityPolicyFor } from './content-security-policy.ts';

const web = tempDir('diatonic-dist-');
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
let built: TempPlatform;
let unbuilt: TempPlatform;

beforeAll(async () => {
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root">spa</div>');
  writeFileSync(join(web, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(web, 'favicon.svg'), '<svg/>');
  built = await startTempPlatform({ webDistDir: web });
  unbuilt = await startTempPlatform({ webDistDir: join(web, 'missing') });
});
afterAll(async () => {
  await built.close();
  await unbuilt.close();
  rmSync(web, { recursive: true, force: true });
});

describe('the web app on the Node server', () => {
  it('serves index.html at / and for client routes, revalidated on every load', async () => {
    for (const path of ['/', '/education/modules/mod_1', '/workbench']) {
      const res = await built.app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('spa');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets with a year-long immutable cache and other files revalidated', async () => {
    const asset = await built.app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('x-request-id')).toBeTruthy();
    const icon = await built.app.request('/favicon.svg');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('sends the Content-Security-Policy with the app’s pages and files, not with API answers', async () => {
    const policy = webContentSecurityPolicyFor(built.deps.config);
    expect(policy).toContain("script-src 'self'");
    for (const path of ['/', '/community/posts/pst_1', '/assets/index-abc123.js', '/favicon.svg']) {
      const res = await built.app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBe(policy);
    }
    // JSON and the API docs (Swagger UI runs its own inline set-up) are not the SPA's pages.
    for (const path of ['/api/health', '/api/docs']) {
      const res = await built.app.request(path, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy'), path).toBeNull();
    }
  });

  it('never falls back to index.html under /api, nor for a missing asset or non-HTML request', async () => {
    await expectError(await built.app.request('/api/unknown', { headers: html }), 404, 'not_found');
    const missing = await built.app.request('/assets/missing.js');
    await expectError(missing, 404, 'not_found');
    expect(missing.headers.get('cache-control')).toBeNull();
    await expectError(
      await built.app.request('/workbench', { headers: { accept: 'application/json' } }),
      404,
      'not_found',
    );
  });

  it('never serves files from outside dist', async () => {
    writeFileSync(join(web, '..', 'secret-outside-dist.txt'), 'top secret');
    for (const path of [
      '/%2e%2e/secret-outside-dist.txt',
      '/..%2fsecret-outside-dist.txt',
      '/assets/%2e%2e/%2e%2e/secret-outside-dist.txt',
    ]) {
      const res = await built.app.request(path);
      expect(await res.text(), path).not.toContain('top secret');
    }
    rmSync(join(web, '..', 'secret-outside-dist.txt'));
  });

  it('explains how to build the web app when dist is missing', async () => {
    const res = await unbuilt.app.request('/', { headers: html });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
    expect((await unbuilt.app.request('/api/health')).status).toBe(200);
  });
});
