/**
 * Cognito mode in a real browser: the platform runs with AUTH=cognito against the local fake hosted UI
 * (fake-cognito.ts: RS256 tokens, JWKS, PKCE check). A protected page sends the visitor to the hosted UI;
 * signing in there brings them back signed in, the API accepts the id token, the token is renewed at the
 * token endpoint before it expires, and signing out goes through the hosted UI's /logout. A callback with
 * a state this tab did not start, and the hosted UI's own error, are refused with plain words.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describeInBrowser('Cognito sign-in', { fakeCognito: true }, (suite) => {
  const base = () => suite.platform.baseUrl;
  const onHostedUi = (page: Page) =>
    page.waitForURL((url) => url.href.startsWith(`${suite.cognito.domain}/oauth2/authorize?`));
  const refreshTokenOf = (page: Page) => page.evaluate(() => localStorage.getItem('diatonic.refreshToken'));

  /** Opens a protected page signed out, signs in on the hosted UI and waits to be back on it. */
  async function signIn(page: Page, email: string) {
    await page.goto('/account');
    await onHostedUi(page);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expect.poll(() => page.url()).toBe(`${base()}/account`);
  }

  it('signs in at the hosted UI, calls the API with the id token, and signs out there', async () => {
    const page = await suite.newPage();
    const bearers: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/auth/me') bearers.push(request.headers().authorization ?? '');
    });
    const email = `pool-${Date.now()}@example.com`;

    await page.goto('/account');
    await onHostedUi(page);
    const authorize = new URL(page.url());
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: suite.cognito.clientId,
      redirect_uri: `${base()}/auth/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const grantsBefore = suite.cognito.counts.codeGrants;
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expect.poll(() => page.url()).toBe(`${base()}/account`);
    await page.getByText(`Signed in as ${email}`).waitFor();
    expect(suite.cognito.counts.codeGrants).toBe(grantsBefore + 1);

    // The API got the pool's id token (it carries the verified e-mail) and accepts it outside the page too.
    const bearer = bearers.at(-1) ?? '';
    expect(bearer).toMatch(/^Bearer /);
    const token = bearer.slice('Bearer '.length);
    expect(claimsOf(token)).toMatchObject({ token_use: 'id', iss: suite.cognito.issuer, email });
    const me = await suite.callApi(token, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);

    // The pool owns passwords: no password form here.
    await page.getByRole('heading', { name: 'Your data' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Password' }).count()).toBe(0);

    const { logouts, revocations } = suite.cognito.counts;
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => page.url()).toBe(`${base()}/`);
    expect(suite.cognito.counts.logouts).toBe(logouts + 1);
    expect(suite.cognito.counts.revocations).toBe(revocations + 1);
    await expect.poll(() => refreshTokenOf(page)).toBeNull();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign up' }).count()).toBe(0);

    // The hosted UI's own session ended too: a protected page shows its sign-in form, not the app.
    await page.goto('/account');
    await onHostedUi(page);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('offers no sign-up link or form of its own, not even before the page knows the sign-in mode', async () => {
    const page = await suite.newPage();
    // Hold the sign-in mode back, as a slow first answer would, and look at the page meanwhile.
    let releaseConfig = () => {};
    const held = new Promise<void>((resolve) => {
      releaseConfig = resolve;
    });
    await page.route('**/api/auth/config', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/invitations/accept?token=abc');
    await page.getByRole('link', { name: 'Log in' }).first().waitFor();
    expect(await page.getByRole('link', { name: /Sign up/ }).count()).toBe(0);
    releaseConfig();
    await page.waitForResponse('**/api/auth/config');
    await page.getByRole('link', { name: 'Log in to accept' }).waitFor();
    expect(await page.getByRole('link', { name: /Sign up/ }).count()).toBe(0);
  });

  it('renews the id token at the token endpoint before it expires', async () => {
    // Tokens that live 30 s always have less than the minute the app keeps in reserve: every API call renews first.
    suite.cognito.tokenLifetimeSeconds = 30;
    try {
      const page = await suite.newPage();
      const before = suite.cognito.counts.refreshGrants;
      await signIn(page, `renew-${Date.now()}@example.com`);
      await page.getByRole('heading', { name: 'Profile' }).waitFor();
      // The code grant's token was still valid: only the reserve rule can have asked for new tokens.
      await expect.poll(() => suite.cognito.counts.refreshGrants).toBeGreaterThan(before);
      await page.getByText(/^Signed in as renew-/).waitFor();
    } finally {
      suite.cognito.tokenLifetimeSeconds = 3600;
    }
  });

  it('refuses a callback whose state this tab did not start, without exchanging the code', async () => {
    const page = await suite.newPage();
    await page.goto('/login');
    await onHostedUi(page);
    // The hosted UI is asked (by someone else's link) with a state of its own; it returns a real code.
    const forged = new URL(page.url());
    forged.searchParams.set('state', 'state-from-someone-else');
    await page.goto(forged.toString());
    const grantsBefore = suite.cognito.counts.codeGrants;
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page
      .getByRole('alert')
      .getByText(/state mismatch/)
      .waitFor();
    expect(page.url()).toContain('/auth/callback?code=');
    expect(suite.cognito.counts.codeGrants).toBe(grantsBefore);
    expect(await refreshTokenOf(page)).toBeNull();

    // Starting again from the error works; the hosted UI remembers the user (its session cookie), as Cognito does.
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await expect.poll(() => page.url()).toBe(`${base()}/`);
    await expect.poll(() => refreshTokenOf(page)).not.toBeNull();
  });

  it('says so in plain words when the hosted UI answers with an error', async () => {
    const page = await suite.newPage();
    await page.goto('/login');
    await onHostedUi(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').getByText('Sign-in was cancelled or refused. (User cancelled)').waitFor();
    expect(await refreshTokenOf(page)).toBeNull();
  });
});
