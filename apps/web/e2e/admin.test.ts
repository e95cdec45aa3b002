/**
 * The platform administration page in a real browser against the real platform: a platform admin (made
 * with the CLI, as an operator would) finds the header link, sees every organisation newest first, moves
 * one to another plan, and its owner sees the new plan; an organisation owner gets no link and is told
 * the page is not theirs.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const password = 'Copper-Kettle-93';

describeInBrowser('platform administration page', {}, (suite) => {
  it('lets a platform admin change an organisation’s plan; an owner may not open it', { timeout: 90_000 }, async () => {
    const owner = await suite.signUpByApi('Olga Owner', password);
    const created = await suite.callApi(owner.accessToken, 'POST', '/api/orgs', { name: 'Quartet Studio' });
    const { id: orgId } = (await created.json()) as { id: string };
    const admin = await suite.signUpByApi('Ada Admin', password);
    // The operator promotes an account from the command line (the running server reads roles per request).
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'apps/api/src/cli.ts', 'create-platform-admin', '--email', admin.user.email as string],
      { env: { ...process.env, DATA_DIR: suite.platform.dataDir, LOG_LEVEL: 'silent' }, stdio: 'pipe' },
    );

    // Through the log-in form: the header must pick up the role of the account that just signed in.
    const page = await suite.newPage();
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(admin.user.email as string);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Welcome back, Ada Admin' }).waitFor();
    await page.getByRole('link', { name: 'Platform admin' }).click();
    await page.getByRole('heading', { name: 'Platform administration' }).waitFor();
    const table = page.getByTestId('admin-organizations');
    const names = () => table.locator('tbody tr strong').allTextContents();
    await expect.poll(names).toContain('Quartet Studio');
    // Newest first: the admin's own personal organisation came after Olga's.
    const listed = await names();
    expect(listed.indexOf("Ada Admin's workspace")).toBeLessThan(listed.indexOf('Quartet Studio'));

    const plan = page.getByLabel('Plan of Quartet Studio');
    expect(await plan.inputValue()).toBe('free');
    await plan.selectOption('pro');
    await table
      .getByRole('row', { name: /Quartet Studio/ })
      .getByRole('button', { name: 'Save plan' })
      .click();
    await table
      .getByRole('row', { name: /Quartet Studio/ })
      .getByText('Saved')
      .waitFor();
    const org = await suite.callApi(owner.accessToken, 'GET', `/api/orgs/${orgId}`);
    expect(((await org.json()) as { plan: string }).plan).toBe('pro');

    // The admin deletes an organisation of their own: the header (built with the session) keeps working.
    const own = await suite.callApi(admin.accessToken, 'POST', '/api/orgs', { name: 'Short Trio' });
    const { id: ownId } = (await own.json()) as { id: string };
    await page.goto(`/orgs/${ownId}/members`);
    const danger = page.getByRole('region', { name: 'Delete organisation' });
    await danger.getByRole('button', { name: 'Delete organisation…' }).click();
    await danger.getByLabel('Type Short Trio to confirm').fill('Short Trio');
    await danger.getByLabel('Your password').fill(password);
    await danger.getByRole('button', { name: 'Delete Short Trio permanently' }).click();
    await page.getByText('Short Trio was deleted.').waitFor();
    await page.getByRole('link', { name: 'Platform admin' }).waitFor();

    const ownerPage = await suite.signedInPage(owner, orgId);
    await ownerPage.goto('/');
    await ownerPage.getByRole('heading', { name: 'Welcome back, Olga Owner' }).waitFor();
    expect(await ownerPage.locator('.lead').first().textContent()).toContain('Plan: pro');
    expect(await ownerPage.getByRole('link', { name: 'Platform admin' }).count()).toBe(0);
    await ownerPage.goto('/admin');
    await ownerPage.getByText('Only platform admins can open the platform administration.').waitFor();
  });
});
