/**
 * The AI pages in a real browser against the real suite.platform. The platform runs with LLM_PROVIDER=
 * openai-compatible pointed at a fake model server (fake-model-server.ts) for Claude 3 Haiku, a priced
 * model, while the offline model stays available. Covered: the playground streams the offline model with
 * its label, tokens and cost, and answers the repeat from the cache; a priced model renders token by token
 * and Stop ends the call; the usage page counts the calls and an owner lowers the budget (and sees the
 * API's validation messages); a member gets "ask an admin"; a budget crossed raises notifications that the
 * bell shows, opens and marks read, and the next call is refused with budget_exceeded.
 */
import { CreateInvitationResponse, TokensResponse } from '@diatonic/api-schemas';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, haiku } from './browser-suite.ts';
import { fakeAnswer } from './fake-model-server.ts';

const password = 'Copper-Meadow-64';
const offlineLabel = 'offline — deterministic, not a real model';

describeInBrowser('AI pages', { fakeModels: true }, (suite) => {
  const { newPage } = suite;

  async function signUp(page: Page, prefix: string): Promise<string> {
    const email = `${prefix}-${Date.now()}@example.com`;
    await page.goto('/signup');
    await page.getByLabel('Name').fill(`${prefix} Example`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('combobox', { name: 'Organisation' }).waitFor();
    return email;
  }

  // The select itself: the usage page's "Usage by model" section is also labelled "…model", and it can
  // still be on screen right after a click on "Playground".
  const modelSelect = (page: Page) => page.getByRole('combobox', { name: 'Model', exact: true });

  async function openPlayground(page: Page) {
    await page.getByRole('link', { name: 'AI', exact: true }).click();
    await page.waitForURL(`${suite.platform.baseUrl}/ai/playground`);
    await modelSelect(page).waitFor();
  }

  async function send(page: Page, model: string, prompt: string) {
    await modelSelect(page).selectOption(model);
    await page.getByLabel('Prompt', { exact: true }).fill(prompt);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  /** Waits for the call's facts; a failure shown instead fails the test with the page's own words. */
  async function completionDone(page: Page) {
    const outcome = page.getByTestId('completion-facts').or(page.getByTestId('completion-error'));
    await outcome.first().waitFor({ timeout: 30_000 });
    const error = page.getByTestId('completion-error');
    if ((await error.count()) > 0) throw new Error(`the completion failed: ${await error.textContent()}`);
  }

  const facts = (page: Page) => page.getByTestId('completion-facts');
  const fact = (page: Page, name: string) =>
    facts(page)
      .locator('div')
      .filter({ has: page.getByText(name, { exact: true }) })
      .locator('dd');

  async function openUsage(page: Page) {
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.waitForURL(`${suite.platform.baseUrl}/ai/usage`);
    await page.getByTestId('usage-summary').waitFor();
  }

  async function saveLimits(page: Page, values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Save limits' }).click();
  }

  const limitRow = (page: Page, label: string) =>
    page
      .getByTestId('limits-table')
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });

  it('streams the offline model with its label, serves the repeat from the cache, counts both, and lowers the budget', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage();
    await signUp(page, 'ai-owner');
    await openPlayground(page);

    // The picker shows prices and labels the offline model.
    const options = await modelSelect(page).locator('option').allTextContents();
    expect(options).toContain(`Offline model (${offlineLabel}) — free`);
    expect(options).toContain('Claude 3 Haiku — $0.25 in / $1.25 out per million tokens');
    // Llama has no provider here (only Haiku is mapped to the fake server): shown, marked, not selectable.
    const llama = 'Llama 3.1 8B Instruct — $0.22 in / $0.22 out per million tokens (not configured on this server)';
    expect(await modelSelect(page).locator('option[disabled]').allTextContents()).toEqual([llama]);

    await send(page, 'offline', 'Name the three primary colours');
    await completionDone(page);
    await expect.poll(() => fact(page, 'Cache').textContent()).toBe('not cached');
    const output = page.getByRole('region', { name: 'Output' });
    expect(await output.getByText(offlineLabel).count()).toBe(1);
    expect(await page.getByTestId('completion-text').textContent()).toContain(
      '[offline model] You asked: "Name the three',
    );
    expect(Number(await fact(page, 'Tokens in').textContent())).toBeGreaterThan(0);
    expect(Number(await fact(page, 'Tokens out').textContent())).toBeGreaterThan(0);
    expect(await fact(page, 'Cost').textContent()).toBe('$0.00');
    expect(await fact(page, 'Latency').textContent()).toMatch(/^\d+ ms$/);

    // The same request again, cache on (the default): answered from the cache.
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => fact(page, 'Cache').textContent()).toBe('cached');
    expect(await output.getByText(offlineLabel).count()).toBe(1);

    // The usage page counts both calls, one of them cached.
    await openUsage(page);
    const offlineRow = page.getByTestId('usage-by-model').getByRole('row', { name: /^offline/ });
    await expect.poll(() => offlineRow.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['2', '1']));
    const cells = await offlineRow.getByRole('cell').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['2', '1']);
    // Member names arrive with the members list, a second request: wait for it rather than read once.
    await expect.poll(() => page.getByTestId('usage-by-user').textContent()).toContain('ai-owner Example');
    expect(await page.getByRole('img', { name: 'Spend per day' }).count()).toBe(1);
    expect(await limitRow(page, 'Monthly budget (USD)').textContent()).toContain('$1.00');

    // The API's validation messages appear beside the inputs: a webhook that is not http(s), a budget
    // above the plan's allowance.
    await saveLimits(page, { 'Alert webhook URL': 'ftp://example.com/hook' });
    await page.getByText('Some limits were not accepted').waitFor();
    const webhookInput = page.getByLabel('Alert webhook URL');
    expect(await webhookInput.getAttribute('aria-invalid')).toBe('true');
    await saveLimits(page, { 'Alert webhook URL': '', 'Monthly budget (USD)': '5' });
    await page.getByText('Above what the plan allows (at most $1.00)').waitFor();
    expect(await limitRow(page, 'Monthly budget (USD)').textContent()).toContain('$1.00');

    // Lowering works, and survives a reload.
    await saveLimits(page, { 'Monthly budget (USD)': '0.5' });
    await page.getByText('Limits saved.').waitFor();
    await expect.poll(() => limitRow(page, 'Monthly budget (USD)').textContent()).toContain('$0.50');
    await page.reload();
    await expect.poll(() => limitRow(page, 'Monthly budget (USD)').textContent()).toContain('$0.50');
    await expect.poll(() => page.getByLabel('Monthly budget (USD)', { exact: true }).inputValue()).toBe('0.5');
    expect(await page.getByTestId('usage-summary').textContent()).toContain('$0.00 of $0.50');
  });

  it('renders a priced model token by token, and Stop ends the call', { timeout: 120_000 }, async () => {
    const page = await newPage();
    await signUp(page, 'ai-stream');
    await openPlayground(page);

    // Every change of the output's text, as the page renders it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenTexts: string[] }).seenTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="completion-text"]')?.textContent ?? '';
        if (text && text !== seen.at(-1)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await send(page, haiku, 'Which colours are primary?');
    await completionDone(page);
    await expect.poll(() => fact(page, 'Cache').textContent()).toBe('not cached');
    const seen = await page.evaluate(() => (window as unknown as { seenTexts: string[] }).seenTexts);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.at(-1)).toBe(fakeAnswer);
    expect(await page.getByRole('region', { name: 'Output' }).getByText(offlineLabel).count()).toBe(0);
    // 20 × $0.25/M + 12 × $1.25/M = 20 micro-USD.
    expect(await fact(page, 'Cost').textContent()).toBe('$0.000020');

    // A stream that would never end: Stop aborts it, the text stops growing, the provider call is dropped.
    const closedBefore = suite.models.closedEarly();
    await send(page, haiku, 'Talk forever please');
    const text = page.getByTestId('completion-text');
    await expect.poll(async () => ((await text.textContent()) ?? '').split('word').length).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Stopped.').waitFor();
    const stoppedAt = await text.textContent();
    await page.waitForTimeout(400);
    expect(await text.textContent()).toBe(stoppedAt);
    await expect.poll(() => suite.models.closedEarly()).toBe(closedBefore + 1);
    expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);

    // With requests per minute lowered to 0 the next call is refused: 429, with how long to wait.
    await openUsage(page);
    await saveLimits(page, { 'Requests per minute': '0' });
    await page.getByText('Limits saved.').waitFor();
    await page.getByRole('link', { name: 'Playground', exact: true }).click();
    await send(page, 'offline', 'Am I too fast?');
    const error = page.getByTestId('completion-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Rate limited');
    expect(await error.textContent()).toMatch(/Please wait \d+ seconds and try again/);
    expect(await error.textContent()).toContain('HTTP 429');
    // Send waits out the Retry-After.
    const waiting = page.getByRole('button', { name: /^Send \(wait \d+ s\)$/ });
    expect(await waiting.isDisabled()).toBe(true);
  });

  it('shows members an "ask an admin" notice instead of usage', { timeout: 120_000 }, async () => {
    const call = async (token: string | null, method: string, path: string, body?: unknown, orgId?: string) => {
      const response = await suite.callApi(token, method, path, body, orgId);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const signUpByApi = async (email: string) => {
      const response = await call(null, 'POST', '/api/auth/signup', { email, password, name: email.split('@')[0] });
      expect(response.status).toBe(201);
      return TokensResponse.parse(response.body);
    };
    const owner = await signUpByApi(`ai-team-owner-${Date.now()}@example.com`);
    const orgId = owner.user.personalOrganizationId;
    const page = await newPage();
    const memberEmail = await signUp(page, 'ai-team-member');
    const invitation = await call(
      owner.accessToken,
      'POST',
      `/api/orgs/${orgId}/invitations`,
      { email: memberEmail, role: 'member' },
      orgId,
    );
    expect(invitation.status).toBe(201);
    const { token } = CreateInvitationResponse.parse(invitation.body);
    const member = TokensResponse.parse(
      (await call(null, 'POST', '/api/auth/login', { email: memberEmail, password })).body,
    );
    expect((await call(member.accessToken, 'POST', '/api/invitations/accept', { token })).status).toBe(200);

    await page.reload();
    await page.getByRole('combobox', { name: 'Organisation' }).selectOption(orgId);
    await openPlayground(page);
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.getByTestId('ask-an-admin').waitFor();
    expect(await page.getByRole('button', { name: 'Save limits' }).count()).toBe(0);
  });

  it('raises budget alerts the bell shows, opens and marks read; the next call is refused', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage();
    await signUp(page, 'ai-bell');
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.waitFor();
    expect(await page.getByTestId('unread-badge').count()).toBe(0);

    // A budget of $0.0005 (500 micro-USD); the model reports a call that costs 625 micro-USD
    // (2000 × $0.25/M + 100 × $1.25/M), which crosses 50, 80 and 100% at once.
    await openPlayground(page);
    await openUsage(page);
    await saveLimits(page, { 'Monthly budget (USD)': '0.0005' });
    await page.getByText('Limits saved.').waitFor();
    suite.models.usage.prompt_tokens = 2000;
    suite.models.usage.completion_tokens = 100;
    try {
      await page.getByRole('link', { name: 'Playground', exact: true }).click();
      await page.getByLabel('Max tokens').fill('100');
      await send(page, haiku, 'Spend my budget');
      await completionDone(page);
      await expect.poll(() => fact(page, 'Cost').textContent()).toBe('$0.000625');
    } finally {
      suite.models.usage.prompt_tokens = 20;
      suite.models.usage.completion_tokens = 12;
    }

    // The badge counts the three alerts without a reload.
    await expect.poll(() => page.getByTestId('unread-badge').textContent()).toBe('3');
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, 3 unread');

    // The next call is refused before it reaches the model: 402 budget_exceeded, said plainly.
    const requestsBefore = suite.models.requests();
    await page.getByLabel('Prompt', { exact: true }).fill('One more, please');
    await page.getByRole('button', { name: 'Send' }).click();
    const error = page.getByTestId('completion-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Budget exceeded');
    expect(await error.textContent()).toContain('HTTP 402');
    expect(suite.models.requests()).toBe(requestsBefore);

    // The list shows each alert; opening the 100% one marks it read and follows its link.
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    const items = panel.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
    const month = new Date().toISOString().slice(0, 7);
    const shutoff = panel.getByRole('button', { name: new RegExp(`AI budget used up for ${month}`) });
    expect(await shutoff.textContent()).toContain('New calls get budget_exceeded');
    expect(await panel.getByText(`AI spend reached 50% of the ${month} budget`).count()).toBe(1);
    await shutoff.click();
    await page.waitForURL(`${suite.platform.baseUrl}/ai/usage`);
    await expect.poll(() => page.getByTestId('unread-badge').textContent()).toBe('2');

    // Mark all read clears the badge.
    await bell.click();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByTestId('unread-badge').waitFor({ state: 'detached' });
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    await expect.poll(() => panel.locator('.is-unread').count()).toBe(0);

    // The full list keeps them, read.
    await panel.getByRole('link', { name: 'See all notifications' }).click();
    await page.waitForURL(`${suite.platform.baseUrl}/notifications`);
    const all = page.getByTestId('notifications-list');
    await expect.poll(() => all.getByRole('listitem').count()).toBe(3);
    expect(await all.locator('.is-read').count()).toBe(3);
  });
});
