/**
 * Interactive API docs at `/api/docs`: Swagger UI served from the installed swagger-ui-dist package
 * (never a CDN, so the docs work offline), reading `/api/openapi.json`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

const assetTypes: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Relative URLs keep the page working under an API Gateway stage prefix (`/prod/api/docs`).
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Diatonic API</title>
<link rel="stylesheet" href="docs/swagger-ui.css"><link rel="icon" href="docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script><script src="docs/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function apiDocs(): Hono<AppEnv> {
  const docs = new Hono<AppEnv>();
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Promise<Buffer>>();
  docs.get('/api/docs', (c) => c.html(page));
  // One dynamic route, no static sibling: a static path beside `:file` is ambiguous to Hono's
  // RegExpRouter, and one ambiguous route makes SmartRouter fall back to the slower TrieRouter for all.
  docs.get('/api/docs/:file', async (c, next) => {
    const file = c.req.param('file');
    if (file === 'init.js') return c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    const type = assetTypes[file];
    if (!type) return next();
    let body = cache.get(file);
    if (!body) {
      body = readFile(join(dir, file));
      cache.set(file, body);
    }
    return c.body(new Uint8Array(await body), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return docs;
}
