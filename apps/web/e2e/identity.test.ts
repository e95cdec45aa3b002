/**
 * The identity pages in a real browser against the real platform: a user signs up, invites a second user,
 * who signs up through the copied accept link in another browser context, accepts and sees the organisation;
 * the first user removes them and their next request is refused. Also: the plain-words error of a wrong
 * password, a weak password's error beside its input, a protected page that sends visitors to log in
 * and back, the account page (name, password, export download, deletion refused and then done), and an
 * owner renaming, then deleting, a shared organisation (a wrong name refused, then gone for the member too).
 */
import { readFile } from 'node:fs/promises';
import { TokensResponse } from '@diatonic/api-schemas';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const password = 'Violet-Harbour-81';

describeInBrowser('identity pages', {}, (suite) => {
  const newPage = () => suite.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });

  async function signUp(page: Page, user: { name: string; email: string }) {
    await page.getByLabel('Name').fill(user.name);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
  }

  const switcher = (page: Page) => page.getByRole('combobox', { name: 'Organisation' });

  function callApi(accessToken: string | null, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${suite.platform.baseUrl}${path}`, {
      method,
      headers: {
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  const login = (email: string, secret: string) =>
    callApi(null, 'POST', '/api/auth/login', { email, password: secret });

  async function signUpByApi(user: { name: string; email: string }): Promise<TokensResponse> {
    const response = await callApi(null, 'POST', '/api/auth/signup', { ...user, password });
    expect(response.status).toBe(201);
    return TokensResponse.parse(await response.json());
  }

  it('invites a second user who joins through the link, and loses access once removed', {
    timeout: 120_000,
  }, async () => {
    const alice = { name: 'Alice Example', email: `alice-${Date.now()}@example.com` };
    const bob = { name: 'Bob Example', email: `bob-${Date.now()}@example.com` };

    // Alice signs up and opens the members page of her personal organisation.
    const pageA = await newPage();
    await pageA.goto('/signup');
    await signUp(pageA, alice);
    await switcher(pageA).waitFor();
    const aliceOrgName = (await switcher(pageA).locator('option:checked').textContent()) ?? '';
    expect(aliceOrgName).not.toBe('');
    await pageA.getByRole('link', { name: 'Members', exact: true }).click();
    await pageA.getByRole('heading', { name: `Members of ${aliceOrgName}` }).waitFor();
    expect(await pageA.getByTestId('members-table').textContent()).toContain(alice.email);

    // She invites Bob as a member and copies the accept link.
    const invite = pageA.getByRole('region', { name: 'Invite someone' });
    await invite.getByLabel('E-mail').fill(bob.email);
    await invite.getByLabel('Role').selectOption('member');
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    const linkField = pageA.getByLabel(`Accept link for ${bob.email}`);
    await linkField.waitFor();
    const acceptLink = await linkField.inputValue();
    expect(acceptLink).toMatch(new RegExp(`^${suite.platform.baseUrl}/invitations/accept\\?token=[A-Za-z0-9_-]+$`));
    await pageA.getByRole('button', { name: 'Copy link' }).click();
    await pageA.getByText('Copied.').waitFor();
    expect(await pageA.evaluate(() => navigator.clipboard.readText())).toBe(acceptLink);
    expect(await pageA.getByTestId('invitations-list').textContent()).toContain(bob.email);

    // Bob, in another browser profile, opens the link signed out, signs up from it and comes back to accept.
    const pageB = await newPage();
    await pageB.goto(acceptLink);
    await pageB.getByRole('link', { name: 'Sign up to accept' }).click();
    await signUp(pageB, bob);
    await pageB.waitForURL(acceptLink);
    await pageB.getByRole('button', { name: 'Accept invitation' }).click();
    await pageB.getByText(`You joined ${aliceOrgName} as member.`).waitFor();

    // He now has the organisation in his switcher and sees its members, without the admin controls.
    await expect.poll(() => switcher(pageB).locator('option').allTextContents()).toContain(aliceOrgName);
    await pageB.getByRole('link', { name: 'See its members' }).click();
    await pageB.getByRole('heading', { name: `Members of ${aliceOrgName}` }).waitFor();
    const bobsView = pageB.getByTestId('members-table');
    await expect.poll(() => bobsView.textContent()).toContain(alice.email);
    expect(await bobsView.textContent()).toContain(bob.email);
    expect(await pageB.getByRole('region', { name: 'Invite someone' }).count()).toBe(0);
    expect(await pageB.getByRole('button', { name: `Remove ${alice.name}` }).count()).toBe(0);
    expect(await switcher(pageB).locator('option:checked').textContent()).toBe(aliceOrgName);

    // Alice sees Bob join, makes him an instructor, revokes an invitation nobody used, and removes Bob.
    await pageA.reload();
    const bobsRole = pageA.getByLabel(`Role of ${bob.name}`);
    await bobsRole.selectOption('instructor');
    await pageA.getByRole('button', { name: 'Change role' }).click();
    await expect.poll(() => bobsRole.inputValue()).toBe('instructor');
    await pageA.getByRole('button', { name: 'Change role' }).waitFor({ state: 'detached' });
    const unused = `unused-${Date.now()}@example.com`;
    await invite.getByLabel('E-mail').fill(unused);
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    await pageA.getByLabel(`Accept link for ${unused}`).waitFor();
    await pageA.getByRole('button', { name: `Revoke invitation for ${unused}` }).click();
    await pageA.getByText('No pending invitations.').waitFor();
    const removeBob = pageA.getByRole('button', { name: `Remove ${bob.name}` });
    await removeBob.click();
    await pageA.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => pageA.getByTestId('members-table').textContent()).not.toContain(bob.email);

    // Bob's next request is refused: home says so and shows his own organisation, the switcher drops
    // Alice's, and her members page (back in his history) says he has no access.
    await pageB.getByRole('link', { name: 'Diatonic', exact: true }).click();
    await pageB.getByText('You no longer have access to the organisation you were working in.').waitFor();
    await pageB.getByRole('heading', { name: `Welcome back, ${bob.name}` }).waitFor();
    await expect.poll(() => switcher(pageB).locator('option').allTextContents()).not.toContain(aliceOrgName);
    expect(await switcher(pageB).locator('option').count()).toBe(1);
    await expect.poll(() => pageB.locator('.lead').first().textContent()).not.toContain(aliceOrgName);
    await pageB.goBack();
    await pageB.getByText('You do not have access to this organisation').waitFor();
  });

  it('shows a wrong password in plain words, then logs in and returns to the protected page', async () => {
    const carol = { name: 'Carol Example', email: `carol-${Date.now()}@example.com` };
    const signup = await fetch(`${suite.platform.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...carol, password }),
    });
    expect(signup.status).toBe(201);

    const page = await newPage();
    await page.goto('/account');
    await page.waitForURL(`${suite.platform.baseUrl}/login?next=%2Faccount`);
    await page.getByLabel('E-mail').fill(carol.email);
    await page.getByLabel('Password').fill('Not-The-Password-99');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('E-mail or password is incorrect');

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${suite.platform.baseUrl}/account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText(`Signed in as ${carol.email}`).waitFor();
  });

  it('shows why a weak password is refused beside the password input', async () => {
    const page = await newPage();
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Dan Example');
    await page.getByLabel('E-mail').fill(`dan-${Date.now()}@example.com`);
    const passwordInput = page.getByLabel('Password');
    await passwordInput.fill('short1');
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.getByText('Password must be at least 10 characters').waitFor();
    expect(await passwordInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await passwordInput.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(
      describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(descriptions).toContain('Password must be at least 10 characters');
    expect(page.url()).toBe(`${suite.platform.baseUrl}/signup`);
  });

  it('renames, changes the password, downloads the export, and deletes the account once it may', {
    timeout: 90_000,
  }, async () => {
    const erin = await signUpByApi({ name: 'Erin Example', email: `erin-${Date.now()}@example.com` });
    const frank = await signUpByApi({ name: 'Frank Example', email: `frank-${Date.now()}@example.com` });
    // Frank joins Erin's personal organisation, so Erin is the only owner of an organisation with other members.
    const orgId = erin.user.personalOrganizationId;
    const invitation = await callApi(erin.accessToken, 'POST', `/api/orgs/${orgId}/invitations`, {
      email: frank.user.email,
      role: 'member',
    });
    const { token } = (await invitation.json()) as { token: string };
    expect((await callApi(frank.accessToken, 'POST', '/api/invitations/accept', { token })).status).toBe(200);

    const page = await newPage();
    await page.goto('/login?next=%2Faccount');
    await page.getByLabel('E-mail').fill(erin.user.email ?? '');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByLabel('Name').fill('Erin Renamed');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Your name was saved.').waitFor();

    const newPassword = 'Copper-Meadow-64';
    const passwordSection = page.getByRole('region', { name: 'Password' });
    await passwordSection.getByLabel('Current password').fill('Wrong-Guess-12345');
    await passwordSection.getByLabel('New password').fill(newPassword);
    await passwordSection.getByRole('button', { name: 'Change password' }).click();
    await passwordSection.getByText('The password is incorrect').waitFor();
    await passwordSection.getByLabel('Current password').fill(password);
    await passwordSection.getByRole('button', { name: 'Change password' }).click();
    await passwordSection.getByText('Your password was changed.').waitFor();
    expect((await login(erin.user.email ?? '', password)).status).toBe(401);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^diatonic-account-export-\d{4}-\d{2}-\d{2}\.json$/);
    const path = await download.path();
    const exported = JSON.parse(await readFile(path, 'utf8')) as { user: { name: string; email: string } };
    expect(exported.user).toMatchObject({ name: 'Erin Renamed', email: erin.user.email });

    const deletion = page.getByRole('region', { name: 'Delete account' });
    await deletion.getByRole('button', { name: 'Delete my account…' }).click();
    await deletion.getByLabel('Your password, to confirm').fill(newPassword);
    await deletion.getByRole('button', { name: 'Delete my account permanently' }).click();
    await deletion.getByRole('alert').getByText('You are the only owner of').waitFor();

    // With Frank gone, nothing blocks the deletion.
    const session = await login(erin.user.email ?? '', newPassword);
    const { accessToken } = (await session.json()) as { accessToken: string };
    expect((await callApi(accessToken, 'DELETE', `/api/orgs/${orgId}/members/${frank.user.id}`)).status).toBe(204);
    await deletion.getByRole('button', { name: 'Delete my account permanently' }).click();
    await page.getByText('Your account was deleted.').waitFor();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    expect((await login(erin.user.email ?? '', newPassword)).status).toBe(401);
  });

  it('lets the owner rename a shared organisation, then delete it after typing its name; the member loses it too', {
    timeout: 90_000,
  }, async () => {
    const owner = await suite.signUpByApi('Greta Owner', password);
    const member = await suite.signUpByApi('Hugo Member', password);
    const created = await suite.callApi(owner.accessToken, 'POST', '/api/orgs', { name: 'Evening Choir' });
    const { id: orgId } = (await created.json()) as { id: string };
    await suite.joinByInvitation(owner, member, orgId, 'member');

    // The member sees no way to delete it; the owner does.
    const memberPage = await suite.signedInPage(member, orgId);
    await memberPage.goto(`/orgs/${orgId}/members`);
    await memberPage.getByRole('heading', { name: 'Members of Evening Choir' }).waitFor();
    expect(await memberPage.getByRole('region', { name: 'Delete organisation' }).count()).toBe(0);
    expect(await memberPage.getByRole('region', { name: 'Organisation name' }).count()).toBe(0);

    const page = await suite.signedInPage(owner, orgId);
    await page.goto(`/orgs/${orgId}/members`);
    // First a rename: the header's switcher follows, and the deletion asks for the new name.
    const naming = page.getByRole('region', { name: 'Organisation name' });
    await naming.getByLabel('Name').fill('');
    await naming.getByRole('button', { name: 'Rename organisation' }).click();
    await naming.locator('.field-error').waitFor();
    await naming.getByLabel('Name').fill('Night Choir');
    await naming.getByRole('button', { name: 'Rename organisation' }).click();
    await naming.getByText('The organisation was renamed.').waitFor();
    await expect.poll(() => switcher(page).locator('option:checked').textContent()).toBe('Night Choir');
    const danger = page.getByRole('region', { name: 'Delete organisation' });
    await danger.getByRole('button', { name: 'Delete organisation…' }).click();
    const confirmName = danger.getByLabel('Type Night Choir to confirm');
    await confirmName.fill('night choir');
    await danger.getByLabel('Your password').fill(password);
    await danger.getByRole('button', { name: 'Delete Night Choir permanently' }).click();
    // The server's reason, beside the input it is about.
    await danger.locator('.field-error').getByText("Type the organisation's name, Night Choir, to confirm").waitFor();
    expect(await confirmName.getAttribute('aria-invalid')).toBe('true');
    expect((await suite.callApi(member.accessToken, 'GET', `/api/orgs/${orgId}`)).status).toBe(200);

    await confirmName.fill('Night Choir');
    // Nothing the page asks for afterwards may still name the deleted organisation (a 403 from the API).
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(`${response.request().method()} ${response.url()}`);
    });
    await danger.getByRole('button', { name: 'Delete Night Choir permanently' }).click();
    await page.getByText('Night Choir was deleted.').waitFor();
    await expect.poll(() => switcher(page).locator('option').allTextContents()).not.toContain('Night Choir');
    await page.getByRole('heading', { name: /Welcome back/ }).waitFor();
    expect(refused).toEqual([]);
    expect((await suite.callApi(member.accessToken, 'GET', `/api/orgs/${orgId}`)).status).toBe(404);

    // The member's open page: the next visit finds the organisation gone, and the switcher no longer offers it.
    await memberPage.goto('/');
    await expect.poll(() => switcher(memberPage).locator('option').allTextContents()).not.toContain('Night Choir');
  });
});
