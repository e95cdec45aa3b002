/**
 * The audit log page in a real browser against the real platform: an owner opens it from the header,
 * sees who did what with which outcome (a member's refused change included), narrows it by action and by
 * member through the URL, and pages back through older entries; a member is told the log is not theirs.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const password = 'Violet-Harbour-81';

describeInBrowser('audit log page', {}, (suite) => {
  const { callApi, signedInPage } = suite;

  const rows = (page: Page) => page.getByTestId('audit-table').locator('tbody tr');
  const columnTexts = async (page: Page, column: number) =>
    rows(page)
      .locator(`td:nth-child(${column})`)
      .allTextContents()
      .then((texts) => texts.map((text) => text.trim()));

  it('shows an owner who did what, filters by action and member, and pages back; a member may not read it', {
    timeout: 120_000,
  }, async () => {
    const owner = await suite.signUpByApi('Olive Owner', password);
    const member = await suite.signUpByApi('Milo Member', password);
    const orgId = owner.user.personalOrganizationId as string;
    await suite.joinByInvitation(owner, member, orgId);
    // A member's role does not allow renaming: refused, and recorded as such.
    expect((await callApi(member.accessToken, 'PATCH', `/api/orgs/${orgId}`, { name: 'Mine' }, orgId)).status).toBe(
      403,
    );
    // 55 renames: more than one page (50) of the log.
    for (let i = 1; i <= 55; i++) {
      const renamed = await callApi(owner.accessToken, 'PATCH', `/api/orgs/${orgId}`, { name: `Studio ${i}` }, orgId);
      expect(renamed.status).toBe(200);
    }

    const page = await signedInPage(owner, orgId);
    await page.goto('/');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log of Studio 55' }).waitFor();
    await rows(page).first().waitFor();
    // Newest first: the last rename leads, by the owner, succeeded.
    expect(await columnTexts(page, 3).then((actions) => actions[0])).toBe('org.rename');
    expect(await rows(page).first().locator('td').nth(1).textContent()).toBe('Olive Owner');
    expect(await rows(page).first().locator('td').nth(4).textContent()).toBe('Succeeded');
    expect(await rows(page).count()).toBe(50);

    // Older entries: the member's refused rename and the invitation are on the next page.
    await page.getByRole('button', { name: 'Show older entries' }).click();
    await rows(page).filter({ hasText: 'Milo Member' }).first().waitFor();
    const refused = rows(page).filter({ hasText: 'Milo Member' }).filter({ hasText: 'org.rename' });
    expect(await refused.locator('td').nth(4).textContent()).toBe('Refused forbidden');
    expect(await columnTexts(page, 3)).toContain('invitation.create');
    expect(await page.getByRole('button', { name: 'Show older entries' }).count()).toBe(0);

    // Clicking an action shows only that action, kept in the URL (a reload keeps the view).
    await rows(page)
      .filter({ hasText: 'invitation.create' })
      .getByRole('button', { name: 'invitation.create' })
      .click();
    await page.waitForURL(/action=invitation\.create/);
    await page.reload();
    await page.getByRole('heading', { name: 'Audit log of Studio 55' }).waitFor();
    await expect.poll(() => columnTexts(page, 3)).toEqual(['invitation.create']);

    // Who: the member's entries only (the action filter cleared first).
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await page.getByLabel('Who').selectOption({ label: 'Milo Member' });
    await page.waitForURL(/actor=/);
    await expect.poll(() => columnTexts(page, 2)).toEqual(['Milo Member', 'Milo Member']);
    expect(await columnTexts(page, 3)).toEqual(['org.rename', 'invitation.accept']);

    // A filter that matches nothing says so.
    await page.getByLabel('Action', { exact: true }).fill('workbench.agent_delete');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('No entries match these filters.').waitFor();

    // The member: no link in the header, and the page explains why it is closed.
    const memberPage = await signedInPage(member, orgId);
    await memberPage.goto(`/orgs/${orgId}/audit`);
    await memberPage.getByText('Only owners and admins can read the audit log.').waitFor();
    expect(await memberPage.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await memberPage.getByTestId('audit-table').count()).toBe(0);
  });
});
