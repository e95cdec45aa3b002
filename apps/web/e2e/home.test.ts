/**
 * The web app in a real browser against the real platform: the home page renders the platform status the
 * API returns, client routes survive a reload (the server's SPA fallback), unknown client routes show the
 * app's 404 page, and /api stays the API.
 */
import { PlatformResponse } from '@diatonic/api-schemas';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './browser.ts';
import { type RunningPlatform, startPlatform } from './platform-server.ts';

const skipReason = browserSkipReason({ isCi: process.env.CI === 'true' });
if (skipReason) console.warn(`browser tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(`web app in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    platform = await startPlatform({ env: process.env });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  beforeEach(async () => {
    page = await browser.newPage({ baseURL: platform.baseUrl });
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('renders the platform status that the API reports', async () => {
    const platformRecord = PlatformResponse.parse(await (await fetch(`${platform.baseUrl}/api/platform`)).json());

    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    const status = page.getByTestId('platform-status');
    await status.waitFor();

    const text = await status.textContent();
    expect(text).toContain(platformRecord.name);
    expect(text).toContain(platformRecord.instanceId);
    expect(text).toContain(String(platformRecord.schemaVersion));
    expect(text).toContain(platformRecord.demoData ? 'loaded' : 'none');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('navigates to a client route and serves it again on reload', async () => {
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Workbench/ })
      .click();
    // Signed out: the workbench sends the visitor to log in, and back to /workbench afterwards.
    await page.waitForURL(/\/login\?next=%2Fworkbench$/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    const reload = await page.reload();
    expect(reload?.status()).toBe(200);
    expect(reload?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/workbench');
  });

  it("shows the app's 404 page for an unknown deep client route", async () => {
    const response = await page.goto('/no/such/page/here');
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('/no/such/page/here');
  });

  it('runs the app under its Content-Security-Policy, which stops injected scripts', async () => {
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    // The app's own script files ran: the page rendered what the API said.
    await page.getByTestId('platform-status').waitFor();
    expect(blocked).toEqual([]);

    // What an XSS would add to the page: inline code, an event handler attribute, another site's script.
    // (Code evaluated through DevTools, as page.evaluate is, is exempt from the policy; what it adds is not.)
    const ran = await page.evaluate(async () => {
      const marks = window as unknown as Record<string, boolean>;
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineRan = true';
      document.body.append(inline);
      const image = document.createElement('img');
      image.setAttribute('onerror', 'window.handlerRan = true');
      image.src = 'data:,not-an-image';
      document.body.append(image);
      const remote = document.createElement('script');
      remote.src = 'https://scripts.example.com/steal.js';
      remote.onload = () => {
        marks.remoteRan = true;
      };
      document.body.append(remote);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { inline: marks.inlineRan === true, handler: marks.handlerRan === true, remote: marks.remoteRan === true };
    });
    expect(ran).toEqual({ inline: false, handler: false, remote: false });
    expect(blocked).toHaveLength(3);
  });

  it('keeps unknown /api paths in the API error envelope, not the web app', async () => {
    const response = await page.goto('/api/no-such-route');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toContain('application/json');
    const body = (await response?.json()) as { error?: { code?: string } };
    expect(body.error?.code).toBe('not_found');
  });
});
