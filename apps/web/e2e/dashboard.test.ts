/**
 * The signed-in home in a real browser against the real platform: a member with a module in progress,
 * an agent and a post sees each on its card and follows a link into the area; a newcomer sees what to do
 * first in each area instead. Signed-out visitors keep the landing page (home.test.ts).
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const password = 'Amber-Lantern-27';

describeInBrowser('home dashboard', {}, (suite) => {
  const { callApi } = suite;

  async function ok<T>(response: Promise<Response>, status: number): Promise<T> {
    const res = await response;
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  it('shows where a member left off in learning, agents and the community, and links into each', {
    timeout: 90_000,
  }, async () => {
    const dana = await suite.signUpByApi('Dana Dashboard', password);
    const orgId = dana.user.personalOrganizationId as string;
    const as = (method: string, path: string, body?: unknown) => callApi(dana.accessToken, method, path, body, orgId);

    // A module Dana wrote and published (alone in her organisation, she may approve it), then enrolled in.
    const module = await ok<{ id: string }>(
      as('POST', '/api/education/modules', {
        title: 'Scales for beginners',
        contentType: 'mixed',
        difficulty: 'beginner',
      }),
      201,
    );
    await ok(
      as('POST', `/api/education/modules/${module.id}/sections`, {
        title: 'Major scales',
        contentType: 'text',
        contentData: { markdown: 'Whole, whole, half.' },
      }),
      201,
    );
    await ok(as('POST', `/api/education/modules/${module.id}/submit`), 200);
    await ok(as('POST', `/api/education/modules/${module.id}/approve`), 200);
    await ok(as('POST', `/api/education/modules/${module.id}/enroll`), 201);
    const agent = await ok<{ id: string }>(as('POST', '/api/agents', { name: 'Chord namer' }), 201);
    const post = await ok<{ id: string }>(
      as('POST', '/api/community/posts', { title: 'Favourite modes?', content: 'Dorian, for me.' }),
      201,
    );

    const page = await suite.signedInPage(dana, orgId);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome back, Dana Dashboard' }).waitFor();
    expect(await page.locator('.lead').first().textContent()).toContain('Owner · Plan: free');

    const learning = page.getByRole('region', { name: 'Continue learning' });
    await learning.getByRole('link', { name: 'Scales for beginners' }).waitFor();
    expect(await learning.textContent()).toContain('0% complete');
    const agents = page.getByRole('region', { name: 'Agents' });
    await agents.getByRole('link', { name: 'Chord namer' }).waitFor();
    expect(await agents.textContent()).toContain('draft');
    const posts = page.getByRole('region', { name: 'Latest in the community' });
    await posts.getByRole('link', { name: 'Favourite modes?' }).waitFor();
    expect(await posts.textContent()).toContain('Dana Dashboard · 0 comments');
    await page.getByTestId('platform-status').waitFor();

    await posts.getByRole('link', { name: 'Favourite modes?' }).click();
    await page.waitForURL(new RegExp(`/community/posts/${post.id}$`));
    await page.getByRole('heading', { name: 'Favourite modes?' }).waitFor();
    await page.goBack();
    await agents.getByRole('link', { name: 'Chord namer' }).click();
    await page.waitForURL(new RegExp(`/workbench/agents/${agent.id}$`));
    await page.goBack();
    await learning.getByRole('link', { name: 'All my learning' }).click();
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
  });

  it('tells a newcomer where to start in each area', { timeout: 60_000 }, async () => {
    const newcomer = await suite.signUpByApi('Nia Newcomer', password);
    const page = await suite.signedInPage(newcomer, newcomer.user.personalOrganizationId as string);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome back, Nia Newcomer' }).waitFor();
    await page.getByText('You are not enrolled in any module yet.').waitFor();
    await page.getByText('No agents in this organisation yet.').waitFor();
    await page.getByText('Nothing has been posted here yet.').waitFor();
    await page.getByRole('link', { name: 'Start a discussion' }).click();
    await page.waitForURL(/\/community$/);
  });
});
