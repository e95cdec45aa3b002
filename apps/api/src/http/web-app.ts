/**
 * Serves the built web app (apps/web/dist) at `/`: hashed assets cached for a year, everything else
 * revalidated, and any other GET that accepts HTML answered with index.html so client routes survive a
 * reload. `/api/*` never falls back. When the build is missing, `/` says how to make it. Everything the
 * built app serves carries its Content-Security-Policy (content-security-policy.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

const immutable = 'public, max-age=31536000, immutable';
const revalidate = 'no-cache';

const missingBuildPage = (distDir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Diatonic: web app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The web app has not been built yet</h1>
<p>The API is running: see <a href="/api/docs">/api/docs</a> and <a href="/api/health">/api/health</a>.</p>
<p>Build the web app with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it),
then reload. Expected the build in <code>${distDir.replace(/[<>&]/g, '')}</code>.</p>
</body></html>`;

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const acceptsHtml = (accept: string | undefined) => !!accept && accept.includes('text/html');

export function webApp(distDir: string, { contentSecurityPolicy }: { contentSecurityPolicy: string }): Hono<AppEnv> {
  const web = new Hono<AppEnv>();
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    web.get('*', (c, next) => {
      if (isApi(c.req.path) || (c.req.path !== '/' && !acceptsHtml(c.req.header('accept')))) return next();
      c.header('cache-control', revalidate);
      return c.html(missingBuildPage(distDir), 503);
    });
    return web;
  }
  // Read once: index.html is small and changes only with a new build (and a restart).
  const indexHtml = readFileSync(indexFile, 'utf8');
  const files = serveStatic<AppEnv>({ root: distDir });
  web.get('*', (c, next) => {
    if (isApi(c.req.path)) return next();
    c.header('content-security-policy', contentSecurityPolicy);
    // Vite fingerprints everything under assets/, so those never change; anything else may.
    c.header('cache-control', c.req.path.startsWith('/assets/') ? immutable : revalidate);
    return files(c, async () => {
      c.header('cache-control', undefined); // not a file: the fallback or a 404 follows
      await next();
    });
  });
  web.get('*', (c, next) => {
    if (isApi(c.req.path) || !acceptsHtml(c.req.header('accept'))) return next();
    c.header('cache-control', revalidate);
    return c.html(indexHtml);
  });
  return web;
}
