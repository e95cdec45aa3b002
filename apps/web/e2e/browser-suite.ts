/**
 * The frame every browser test shares: skipped (with the reason) where Chromium is missing, except in CI;
 * the real platform and Chromium started once per file and stopped after it; fresh browser profiles per
 * test, closed after it; and any uncaught error in a page, or anything the Content-Security-Policy blocked,
 * fails the test that caused it. Optionally the platform talks to the fake model server
 * (fake-model-server.ts) for Claude 3 Haiku, or signs users in with the fake Cognito hosted UI
 * (fake-cognito.ts) instead of the built-in provider.
 */
import { type TokensResponse, TokensResponse as TokensSchema } from '@diatonic/api-schemas';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { browserSkipReason, launchChromium } from './browser.ts';
import { type FakeCognito, startFakeCognito } from './fake-cognito.ts';
import { type FakeModelServer, startFakeModelServer } from './fake-model-server.ts';
import { type RunningPlatform, startPlatform } from './platform-server.ts';

export const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';

export interface BrowserSuiteOptions {
  /** Route Claude 3 Haiku to the fake model server (LLM_PROVIDER=openai-compatible); offline stays the default. */
  fakeModels?: boolean;
  /** AUTH=cognito against the fake hosted UI, which accepts the platform's origin as callback and sign-out URL. */
  fakeCognito?: boolean;
}

export interface BrowserSuite {
  readonly platform: RunningPlatform;
  /** Present with `fakeModels`. */
  readonly models: FakeModelServer;
  /** Present with `fakeCognito`. */
  readonly cognito: FakeCognito;
  /** Fails the test on any uncaught error in this page (pages from newPage are watched already). */
  watch(page: Page): Page;
  /** A fresh browser profile (its own storage, so its own session). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** A fresh profile already signed in: its refresh token and active organisation in localStorage. */
  signedInPage(
    tokens: Pick<TokensResponse, 'refreshToken'>,
    orgId: string,
    options?: BrowserContextOptions,
  ): Promise<Page>;
  /** A JSON call to the platform's API, as set-up steps make it. */
  callApi(token: string | null, method: string, path: string, body?: unknown, orgId?: string): Promise<Response>;
  /** A new account made over the API (unique e-mail from the name). */
  signUpByApi(name: string, password: string): Promise<TokensResponse>;
  /** `inviter` invites `invitee` to `orgId` with `role` over the API, and `invitee` accepts. */
  joinByInvitation(inviter: TokensResponse, invitee: TokensResponse, orgId: string, role?: string): Promise<void>;
}

export function describeInBrowser(
  title: string,
  options: BrowserSuiteOptions,
  body: (suite: BrowserSuite) => void,
): void {
  const skipReason = browserSkipReason({ isCi: process.env.CI === 'true' });
  if (skipReason) console.warn(`browser tests skipped: ${skipReason}`);

  describe.skipIf(skipReason !== null)(`${title} in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    let platform: RunningPlatform | undefined;
    let models: FakeModelServer | undefined;
    let cognito: FakeCognito | undefined;
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      if (options.fakeModels) models = await startFakeModelServer();
      if (options.fakeCognito) cognito = await startFakeCognito();
      platform = await startPlatform({
        env: process.env,
        extraEnv: {
          ...(models
            ? {
                LLM_PROVIDER: 'openai-compatible',
                OPENAI_BASE_URL: models.baseUrl,
                OPENAI_MODEL_MAP: `${haiku}=fake-haiku`,
              }
            : {}),
          ...(cognito ? cognito.platformEnv() : {}),
        },
      });
      cognito?.allowWebOrigin(platform.baseUrl);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await platform?.stop();
      await models?.close();
      await cognito?.close();
    });

    afterEach(async () => {
      for (const context of contexts.splice(0)) await context.close();
      expect(pageErrors.splice(0)).toEqual([]);
    });

    const started = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`${what} is not running (beforeAll failed?)`);
      return value;
    };

    const suite: BrowserSuite = {
      get platform() {
        return started(platform, 'the platform');
      },
      get models() {
        return started(models, 'the fake model server (describeInBrowser with fakeModels: true)');
      },
      get cognito() {
        return started(cognito, 'the fake Cognito (describeInBrowser with fakeCognito: true)');
      },
      async newPage(contextOptions = {}) {
        const context = await started(browser, 'Chromium').newContext({
          baseURL: suite.platform.baseUrl,
          ...contextOptions,
        });
        contexts.push(context);
        const page = await context.newPage();
        // Below the test timeout, so a missing element fails naming its locator rather than as a bare timeout.
        page.setDefaultTimeout(15_000);
        return suite.watch(page);
      },
      watch(page) {
        page.on('pageerror', (error) => pageErrors.push(error.message));
        // Chromium reports what the Content-Security-Policy blocked only on the console; in the app that is a bug.
        page.on('console', (message) => {
          if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
            pageErrors.push(message.text());
          }
        });
        return page;
      },
      async signedInPage(tokens, orgId, contextOptions = {}) {
        const page = await suite.newPage(contextOptions);
        await page.context().addInitScript(
          ([refreshToken, activeOrg]) => {
            if (!sessionStorage.getItem('seeded')) {
              localStorage.setItem('diatonic.refreshToken', refreshToken as string);
              localStorage.setItem('diatonic.activeOrganizationId', activeOrg as string);
              sessionStorage.setItem('seeded', '1');
            }
          },
          [tokens.refreshToken, orgId],
        );
        return page;
      },
      callApi(token, method, path, body, orgId) {
        return fetch(`${suite.platform.baseUrl}${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(orgId ? { 'x-organization-id': orgId } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      },
      async signUpByApi(name, password) {
        const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.com`;
        const response = await suite.callApi(null, 'POST', '/api/auth/signup', { name, email, password });
        expect(response.status).toBe(201);
        return TokensSchema.parse(await response.json());
      },
      async joinByInvitation(inviter, invitee, orgId, role = 'member') {
        const invitation = await suite.callApi(inviter.accessToken, 'POST', `/api/orgs/${orgId}/invitations`, {
          email: invitee.user.email,
          role,
        });
        expect(invitation.status).toBe(201);
        const { token } = (await invitation.json()) as { token: string };
        const accepted = await suite.callApi(invitee.accessToken, 'POST', '/api/invitations/accept', { token });
        expect(accepted.status).toBe(200);
      },
    };
    body(suite);
  });
}
