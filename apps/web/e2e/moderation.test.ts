/**
 * The moderation pages in a real browser against the real platform: an owner opens the queue from the
 * navigation (empty: nothing is flagged yet), edits the word list (add, choose actions, save), sees it
 * again after a reload and as the API returns it; a bad word is refused with its reason beside nothing
 * lost. The held-post → approve flow (issue 5's Playwright story) is in community.test.ts.
 */
import { TokensResponse, WordList } from '@diatonic/api-schemas';
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const password = 'Violet-Harbour-81';

describeInBrowser('moderation pages', {}, (suite) => {
  it('tells a member the queue is not theirs, without asking the API for it', async () => {
    const owner = await suite.signUpByApi('Queue Owner', password);
    const member = await suite.signUpByApi('Queue Member', password);
    const orgId = owner.user.personalOrganizationId as string;
    await suite.joinByInvitation(owner, member, orgId);
    const page = await suite.signedInPage(member, orgId);
    const queueCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/community/moderation/queue')) queueCalls.push(request.url());
    });
    await page.goto('/moderation');
    await page.getByText('Only moderators, admins and owners of this organisation review').waitFor();
    expect(queueCalls).toEqual([]);
  });

  it('lets an owner see the queue and edit the word list', { timeout: 120_000 }, async () => {
    const page = await suite.newPage();

    const email = `moderation-owner-${Date.now()}@example.com`;
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Olive Owner');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('combobox', { name: 'Organisation' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
    await page.getByRole('heading', { name: 'Moderation queue' }).waitFor();
    await page.getByText('Nothing to decide.').waitFor();

    await page.getByRole('link', { name: 'Word list' }).click();
    await page.getByRole('heading', { name: 'Word list' }).waitFor();
    await page.getByText('No words yet.').waitFor();
    await page.getByRole('button', { name: 'Add a word' }).click();
    await page.getByLabel('Word 1', { exact: true }).fill('Crypto Giveaway');
    await page.getByLabel('Action for word 1').selectOption('block');
    await page.getByRole('button', { name: 'Add a word' }).click();
    await page.getByLabel('Word 2', { exact: true }).fill('darn*');
    await page.getByLabel('Action for word 2').selectOption('censor');
    await page.getByLabel('Built-in profanity list').selectOption('hold');
    await page.getByRole('button', { name: 'Save word list' }).click();
    await page.getByText('Saved.').waitFor();

    // A word the API refuses: the reason shows, the saved list stays as it was.
    await page.getByRole('button', { name: 'Add a word' }).click();
    await page.getByLabel('Word 3', { exact: true }).fill('<script>');
    await page.getByRole('button', { name: 'Save word list' }).click();
    await page.getByRole('alert').waitFor();

    await page.reload();
    await page.getByLabel('Word 1', { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel('Word 1', { exact: true }).inputValue()).toBe('crypto giveaway');
    await expect.poll(() => page.getByLabel('Action for word 2').inputValue()).toBe('censor');
    expect(await page.getByLabel('Word 3', { exact: true }).count()).toBe(0);

    const login = await fetch(`${suite.platform.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = TokensResponse.parse(await login.json());
    const words = WordList.parse(
      await (
        await fetch(`${suite.platform.baseUrl}/api/community/moderation/words`, {
          headers: { authorization: `Bearer ${accessToken}` },
        })
      ).json(),
    );
    expect(words.words).toEqual([
      { word: 'crypto giveaway', action: 'block' },
      { word: 'darn*', action: 'censor' },
    ]);
    expect(words.builtInAction).toBe('hold');
  });
});
