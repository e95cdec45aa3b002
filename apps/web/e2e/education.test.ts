/**
 * Education in a real browser against the real platform: an instructor creates a module with a text
 * section (markdown previewed) and a quiz and submits it; an admin approves it; a learner enrols from
 * the catalog, reads the text, passes the quiz and sees 100% in the player and on My learning.
 * Accounts and memberships are set up over the API; everything education happens in the pages.
 */
import { TokensResponse } from '@diatonic/api-schemas';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './browser-suite.ts';

/** A valid 2×2 RGB PNG. */
const tinyPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

/**
 * The smallest MP4 the upload pipeline accepts: an `ftyp` box and a movie header stating 3 seconds
 * (enough for sniffing and the duration; there are no frames to play).
 */
function tinyMp4(): Buffer {
  const box = (type: string, payload: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(8 + payload.length, 0);
    header.write(type, 4, 'latin1');
    return Buffer.concat([header, payload]);
  };
  const movieHeader = Buffer.alloc(100);
  movieHeader.writeUInt32BE(1000, 12);
  movieHeader.writeUInt32BE(3000, 16);
  movieHeader.writeUInt32BE(0x00010000, 20);
  const brands = Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41')]);
  return Buffer.concat([box('ftyp', brands), box('moov', box('mvhd', movieHeader))]);
}

/** A one-page PDF ("The chain rule in one page"), as the upload pipeline's sample files make them. */
const onePagePdf =
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFs0IDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhID4+CmVuZG9iago0IDAgb2JqCjw8IC9UeXBlIC9QYWdlIC9QYXJlbnQgMiAwIFIgL01lZGlhQm94IFswIDAgNjEyIDc5Ml0gL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgMyAwIFIgPj4gPj4gL0NvbnRlbnRzIDUgMCBSID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggNTcgPj4Kc3RyZWFtCkJUIC9GMSAxOCBUZiA3MiA3MjAgVGQgKFRoZSBjaGFpbiBydWxlIGluIG9uZSBwYWdlKSBUaiBFVAplbmRzdHJlYW0KZW5kb2JqCnhyZWYKMCA2CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU4IDAwMDAwIG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDE4NSAwMDAwMCBuIAowMDAwMDAwMzExIDAwMDAwIG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhyZWYKNDE4CiUlRU9GCg==';

const password = 'Amber-Lantern-57';

describeInBrowser('education pages', {}, (suite) => {
  const { newPage } = suite;

  async function callApi(token: string | null, method: string, path: string, body?: unknown) {
    const response = await fetch(`${suite.platform.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function signUpByApi(name: string, email: string): Promise<TokensResponse> {
    const res = await callApi(null, 'POST', '/api/auth/signup', { name, email, password });
    expect(res.status).toBe(201);
    return TokensResponse.parse(res.body);
  }

  /**
   * Logs in through the page. Each person belongs to their personal organisation and to `orgName`; logging
   * in opens the shared one, with nothing to pick in the switcher.
   */
  async function logInTo(page: Page, email: string, orgName: string) {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    const switcher = page.getByRole('combobox', { name: 'Organisation' });
    await switcher.waitFor();
    await expect.poll(() => switcher.locator('option:checked').textContent()).toBe(orgName);
  }

  /**
   * A one-person organisation (its owner may review and approve their own module) and a new module in
   * it, open in the editor; returns the page and the module's title.
   */
  async function soloModule(orgLabel: string, moduleLabel: string, person: { name: string; email: string }) {
    const stamp = Date.now();
    const orgName = `${orgLabel} ${stamp}`;
    const moduleTitle = `${moduleLabel} ${stamp}`;
    const tokens = await signUpByApi(person.name, person.email);
    expect((await callApi(tokens.accessToken, 'POST', '/api/orgs', { name: orgName })).status).toBe(201);
    const page = await newPage();
    await logInTo(page, person.email, orgName);
    await page.goto('/education/authoring');
    await page.getByLabel('Module title').fill(moduleTitle);
    await page.getByRole('button', { name: 'Create module' }).click();
    await page.getByRole('heading', { name: `Edit “${moduleTitle}”` }).waitFor();
    return { page, moduleTitle };
  }

  it('goes from authoring through review to a learner at 100%', { timeout: 180_000 }, async () => {
    const stamp = Date.now();
    const orgName = `Academy ${stamp}`;
    const moduleTitle = `Neural networks ${stamp}`;
    const people = {
      admin: { name: 'Ada Admin', email: `ada-${stamp}@example.com` },
      instructor: { name: 'Ivan Instructor', email: `ivan-${stamp}@example.com` },
      learner: { name: 'Lea Learner', email: `lea-${stamp}@example.com` },
    };
    const admin = await signUpByApi(people.admin.name, people.admin.email);
    const org = await callApi(admin.accessToken, 'POST', '/api/orgs', { name: orgName });
    expect(org.status).toBe(201);
    const orgId = org.body.id as string;
    for (const [role, person] of [
      ['instructor', people.instructor],
      ['member', people.learner],
    ] as const) {
      const tokens = await signUpByApi(person.name, person.email);
      const invitation = await callApi(admin.accessToken, 'POST', `/api/orgs/${orgId}/invitations`, {
        email: person.email,
        role,
      });
      expect(invitation.status).toBe(201);
      const accepted = await callApi(tokens.accessToken, 'POST', '/api/invitations/accept', {
        token: invitation.body.token,
      });
      expect(accepted.status).toBe(200);
    }

    // The instructor writes the module: a text section (with a live markdown preview) and a quiz.
    const author = await newPage();
    await logInTo(author, people.instructor.email, orgName);
    await author.goto('/education/authoring');
    await author.getByLabel('Module title').fill(moduleTitle);
    await author.getByRole('button', { name: 'Create module' }).click();
    await author.getByRole('heading', { name: `Edit “${moduleTitle}”` }).waitFor();

    await author.getByLabel('Section title').fill('Reading');
    await author.getByLabel('Markdown', { exact: true }).fill('# Perceptrons\n\nA perceptron **weighs** its inputs.');
    await author
      .getByRole('region', { name: 'Markdown preview' })
      .getByRole('heading', { name: 'Perceptrons' })
      .waitFor();
    await author.getByRole('button', { name: 'Add section' }).click();
    await author.getByRole('heading', { name: /1\. Reading/ }).waitFor();

    await author.getByLabel('Section title').fill('Check');
    await author.getByLabel('Section type').selectOption('quiz');
    await author.getByLabel('Question 1 prompt').fill('What does a perceptron weigh?');
    await author.getByLabel('Question 1 choice 1', { exact: true }).fill('Its inputs');
    await author.getByLabel('Question 1 choice 2', { exact: true }).fill('Its outputs');
    await author.getByRole('button', { name: 'Add section' }).click();
    await author.getByRole('heading', { name: /2\. Check/ }).waitFor();

    // A PNG thumbnail: uploaded straight to the signed URL, processed by the worker, then shown.
    await author
      .getByLabel('Upload a thumbnail (PNG, JPEG, WebP or GIF)')
      .setInputFiles({ name: 'perceptron.png', mimeType: 'image/png', buffer: Buffer.from(tinyPng, 'base64') });
    await author.getByText('perceptron.png is ready').waitFor({ timeout: 30_000 });
    const thumbnail = author.locator('img.module-thumbnail').first();
    await thumbnail.waitFor();
    expect(await thumbnail.getAttribute('src')).toMatch(/^\/api\/blobs\/download/);
    expect(await thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    await author.getByRole('button', { name: 'Submit for review' }).click();
    await author.getByText('Status: review').waitFor();

    // The admin approves it.
    const reviewer = await newPage();
    await logInTo(reviewer, people.admin.email, orgName);
    await reviewer.goto('/education/authoring');
    await reviewer.getByRole('link', { name: moduleTitle }).click();
    await reviewer.getByText('Status: review').waitFor();
    await reviewer.getByLabel('Comments for the author').fill('Clear and short.');
    await reviewer.getByRole('button', { name: 'Approve and publish' }).click();
    await reviewer.getByText('Status: published · published version 1.0.0').waitFor();
    await reviewer.getByRole('heading', { name: 'Version history' }).waitFor();

    // The learner enrols from the catalog, reads, passes the quiz and sees 100%.
    const learner = await newPage();
    await logInTo(learner, people.learner.email, orgName);
    await learner.goto('/education');
    await learner.getByRole('button', { name: `Enrol in ${moduleTitle}` }).click();
    await learner.getByRole('link', { name: `Continue ${moduleTitle}` }).click();
    await learner.getByRole('heading', { name: moduleTitle, level: 1 }).waitFor();
    await learner.getByRole('heading', { name: 'Perceptrons' }).waitFor();
    await learner.getByText('0% complete').waitFor();
    await learner.getByRole('button', { name: 'Mark “Reading” as done' }).click();
    await learner.getByText('50% complete').waitFor();

    await learner.getByRole('button', { name: 'Check' }).click();
    await learner.getByRole('group', { name: 'What does a perceptron weigh?' }).getByLabel('Its inputs').check();
    await learner.getByRole('button', { name: 'Submit answers' }).click();
    await learner.getByText('Score: 100% — passed').waitFor();
    await learner.getByText('100% complete — module completed').waitFor();

    await learner.getByRole('link', { name: 'My learning' }).click();
    const progress = learner.getByRole('progressbar', { name: `${moduleTitle} progress` });
    await progress.waitFor();
    expect(await progress.getAttribute('value')).toBe('100');
    await learner.getByText('100% complete · Completed').waitFor();
  });

  it('uploads a section video and an illustration, and plays them after publishing', {
    timeout: 180_000,
  }, async () => {
    const { page, moduleTitle } = await soloModule('Studio', 'Backpropagation', {
      name: 'Sol Solo',
      email: `solo-${Date.now()}@example.com`,
    });

    await page.getByLabel('Section title').fill('Watch');
    await page.getByLabel('Section type').selectOption('video');
    await page.getByLabel('Caption').fill('The chain rule, step by step');
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('heading', { name: /1\. Watch/ }).waitFor();
    await page.getByText('No video yet').waitFor();

    // Submitting before the video is there is refused.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Upload a video to every video section before submitting').waitFor();

    await page
      .getByLabel('Upload the video of “Watch” (MP4, WebM or QuickTime)')
      .setInputFiles({ name: 'lesson.mp4', mimeType: 'video/mp4', buffer: tinyMp4() });
    // Processed, attached, and the section re-rendered with its video (the upload's own status may
    // already be gone: the section's edit version changed, so its card is drawn anew).
    const editorVideo = page.locator('video.section-asset');
    await editorVideo.waitFor();
    await page.getByRole('heading', { name: /1\. Watch \(video, 0\.1 min\)/ }).waitFor();

    await page.getByLabel('Section title').fill('Diagram');
    await page.getByLabel('Markdown', { exact: true }).fill('The graph of the network.');
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('heading', { name: /2\. Diagram/ }).waitFor();
    await page
      .getByLabel('Upload an image or PDF for “Diagram”')
      .setInputFiles({ name: 'graph.png', mimeType: 'image/png', buffer: Buffer.from(tinyPng, 'base64') });
    await page.getByRole('img', { name: 'Diagram' }).waitFor();

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Status: review').waitFor();
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByText('Status: published · published version 1.0.0').waitFor();

    // The player: an HTML5 video on its signed URL, which answers range requests so it can seek.
    await page.getByRole('link', { name: 'View as a learner' }).click();
    await page.getByRole('heading', { name: moduleTitle, level: 1 }).waitFor();
    const video = page.getByRole('article', { name: 'Watch' }).locator('video');
    await video.waitFor();
    await page.getByText('The chain rule, step by step').waitFor();
    const src = await video.getAttribute('src');
    expect(src).toMatch(/^\/api\/blobs\/download\?/);
    const ranged = await page.evaluate(async (url) => {
      const response = await fetch(url as string, { headers: { Range: 'bytes=0-7' } });
      return {
        status: response.status,
        range: response.headers.get('content-range'),
        bytes: (await response.arrayBuffer()).byteLength,
      };
    }, src);
    expect(ranged).toEqual({ status: 206, range: `bytes 0-7/${tinyMp4().length}`, bytes: 8 });
    await page.getByRole('button', { name: 'Diagram' }).click();
    const image = page.getByRole('img', { name: 'Diagram' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  });

  it('shows a rejection and its comments to the author, keeps the version history, and plays a PDF', {
    timeout: 180_000,
  }, async () => {
    const { page, moduleTitle } = await soloModule('Reading room', 'Calculus notes', {
      name: 'Rae Reader',
      email: `reader-${Date.now()}@example.com`,
    });
    await page.getByLabel('Section title').fill('Notes');
    await page.getByLabel('Markdown', { exact: true }).fill('Read the page below.');
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('heading', { name: /1\. Notes/ }).waitFor();
    await page.getByLabel('Upload an image or PDF for “Notes”').setInputFiles({
      name: 'chain-rule.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(onePagePdf, 'base64'),
    });
    await page.getByRole('link', { name: 'Open chain-rule.pdf' }).waitFor({ timeout: 30_000 });

    // Rejected with comments: back to draft, the comments shown to the author.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Status: review').waitFor();
    await page.getByLabel('Comments for the author').fill('Add a worked example.');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Status: draft').waitFor();
    await page.getByText('Last review: rejected — “Add a worked example.”').waitFor();

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Status: review').waitFor();
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByText('Status: published · published version 1.0.0').waitFor();
    const history = page.getByRole('region', { name: 'Version history' });
    await history.getByText(/1\.0\.0/).waitFor();

    // The player embeds the PDF from its signed URL, which serves the file as a PDF.
    await page.getByRole('link', { name: 'View as a learner' }).click();
    await page.getByRole('heading', { name: moduleTitle, level: 1 }).waitFor();
    const frame = page.getByRole('article', { name: 'Notes' }).locator('iframe.pdf');
    await frame.waitFor();
    await page.getByText('(1 page)').waitFor();
    const src = await frame.getAttribute('src');
    expect(src).toMatch(/^\/api\/blobs\/download\?/);
    const served = await page.evaluate(async (url) => {
      const response = await fetch(url as string);
      return { status: response.status, type: response.headers.get('content-type') };
    }, src);
    expect(served).toEqual({ status: 200, type: 'application/pdf' });
  });
});
