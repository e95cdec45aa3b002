import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

const password = 'Violet-Harbour-81';
/** A 1×1 PNG: small enough to inline, real enough for the pipeline's sniffing, metadata and thumbnail. */
const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describeInBrowser('community pages', {}, (suite) => {
  const { callApi, signedInPage } = suite;
  const signUpByApi = (name: string) => suite.signUpByApi(name, password);

  it('A posts; B sees it live, comments and reacts; A sees the counts live', { timeout: 120_000 }, async () => {
    const alice = await signUpByApi('Alice Poster');
    const bob = await signUpByApi('Bob Watcher');
    const orgId = alice.user.personalOrganizationId as string;
    await suite.joinByInvitation(alice, bob, orgId);

    const pageA = await signedInPage(alice, orgId);
    const pageB = await signedInPage(bob, orgId);
    await pageA.goto('/community');
    await pageB.goto('/community');
    await pageA.getByRole('heading', { name: 'Community', level: 1 }).waitFor();
    await pageB.getByText('No posts yet.').waitFor();
    // B's live stream is connected before A writes.
    await pageB.getByText('Live updates on.').waitFor({ state: 'attached' });

    // A writes markdown, previews it, and publishes.
    const composer = pageA.getByRole('form', { name: 'New post' });
    await composer.getByLabel('Title').fill('Graphs in week 3');
    await composer.getByLabel('Text (markdown)').fill('**Bold** question <script>window.hacked = 1</script>');
    await composer.getByLabel(/^Tags/).fill('graphs week3');
    await composer.getByRole('button', { name: 'Preview' }).click();
    const preview = composer.getByTestId('composer-preview');
    expect(await preview.locator('strong').textContent()).toBe('Bold');
    expect(await preview.locator('script').count()).toBe(0);
    await composer.getByRole('button', { name: 'Publish' }).click();
    await pageA.getByRole('link', { name: 'Graphs in week 3' }).waitFor();

    // B sees it without reloading.
    const link = pageB.getByRole('link', { name: 'Graphs in week 3' });
    await link.waitFor();
    expect(await pageB.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    await link.click();
    await pageB.getByRole('heading', { name: 'Graphs in week 3' }).waitFor();
    await pageB.getByLabel('Add a comment').fill('Try drawing the adjacency matrix first.');
    await pageB.getByRole('button', { name: 'Comment', exact: true }).click();
    await pageB.getByText('Try drawing the adjacency matrix first.').waitFor();
    const like = pageB.getByRole('button', { name: /Like/ }).first();
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => like.textContent()).toContain('1');

    // A's feed updates live: one comment and one like.
    const card = pageA.getByRole('article', { name: 'Graphs in week 3' });
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('1 comment ·');
    await expect.poll(() => card.getByRole('button', { name: /Like/ }).textContent()).toContain('1');

    // Tags filter the feed, and the sort tabs re-rank it.
    await card.getByRole('link', { name: '#graphs' }).click();
    await expect.poll(() => new URL(pageA.url()).searchParams.get('tag')).toBe('graphs');
    await expect.poll(() => pageA.getByLabel('Tag', { exact: true }).inputValue()).toBe('graphs');
    await pageA.getByRole('tab', { name: 'Top' }).click();
    await expect.poll(() => pageA.getByRole('tab', { name: 'Top' }).getAttribute('aria-selected')).toBe('true');
    await pageA.getByRole('article', { name: 'Graphs in week 3' }).waitFor();

    // And A was told about the comment.
    const inbox = await callApi(alice.accessToken, 'GET', '/api/notifications', undefined, orgId);
    const { items } = (await inbox.json()) as { items: { kind: string; title: string }[] };
    expect(items).toContainEqual(
      expect.objectContaining({ kind: 'community.reply', title: 'Bob Watcher commented on your post' }),
    );
  });

  it('holds a post with profanity; a moderator approves it in the queue; it appears in the feed', {
    timeout: 120_000,
  }, async () => {
    const olive = await signUpByApi('Olive Moderator');
    const bob = await signUpByApi('Bob Swearer');
    const orgId = olive.user.personalOrganizationId as string;
    await suite.joinByInvitation(olive, bob, orgId);

    // Bob writes a post with a word on the built-in profanity list (held by default).
    const pageB = await signedInPage(bob, orgId);
    await pageB.goto('/community');
    await pageB.getByText('No posts yet.').waitFor();
    const composer = pageB.getByRole('form', { name: 'New post' });
    await composer.getByLabel('Title').fill('Gradient descent rant');
    await composer.getByLabel('Text (markdown)').fill('This fucking learning rate will not converge.');
    await composer.getByRole('button', { name: 'Publish' }).click();
    const held = composer.getByRole('status');
    await expect.poll(() => held.textContent()).toContain('held for review');
    await expect.poll(() => held.textContent()).toContain('a moderator needs to check');
    // Nobody else sees it yet, and it is not in the feed.
    expect(await pageB.getByRole('article', { name: 'Gradient descent rant' }).count()).toBe(0);

    // Olive finds it in the moderation queue and approves it.
    const pageA = await signedInPage(olive, orgId);
    await pageA.goto('/moderation');
    await pageA.getByRole('heading', { name: 'Moderation queue' }).waitFor();
    const item = pageA.getByRole('article', { name: 'Gradient descent rant' });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain('Held at posting');
    await item.getByRole('radio', { name: 'Approve' }).check();
    await item.getByLabel('Reason (sent to the author)').fill('A strong word, but a fair question.');
    await item.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => pageA.getByRole('article', { name: 'Gradient descent rant' }).count()).toBe(0);

    // The post is now in the feed, for Bob (live) and for Olive.
    await pageB.getByRole('article', { name: 'Gradient descent rant' }).waitFor({ timeout: 20_000 });
    await pageA.goto('/community');
    const card = pageA.getByRole('article', { name: 'Gradient descent rant' });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('learning rate will not converge');
  });

  it('attaches an image in the composer; the post shows it from a signed link', { timeout: 120_000 }, async () => {
    const author = await signUpByApi('Ada Attacher');
    const orgId = author.user.personalOrganizationId as string;
    const page = await signedInPage(author, orgId);
    await page.goto('/community');
    const composer = page.getByRole('form', { name: 'New post' });
    await composer.getByLabel('Title').fill('My loss curve');
    await composer.getByLabel('Text (markdown)').fill('Here is the plot of the training loss.');
    await composer.getByLabel('Attach an image or PDF').setInputFiles({
      name: 'loss.png',
      mimeType: 'image/png',
      buffer: Buffer.from(onePixelPng, 'base64'),
    });
    const attached = composer.getByRole('list', { name: 'Attached files' });
    await expect.poll(() => attached.textContent(), { timeout: 30_000 }).toContain('loss.png');
    await composer.getByRole('button', { name: 'Publish' }).click();

    const card = page.getByRole('article', { name: 'My loss curve' });
    await card.waitFor();
    const image = card.getByRole('img', { name: 'loss.png' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await attached.count()).toBe(0);
  });
});
