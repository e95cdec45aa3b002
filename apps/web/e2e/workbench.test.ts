/**
 * The workbench in a real browser against the real platform (engine, local queue, workers). The platform
 * runs with LLM_PROVIDER=openai-compatible pointed at the fake model server for Claude 3 Haiku, whose
 * "forever" prompt streams until the caller hangs up (the slow run to stop), while the offline model stays
 * the default. Covered: build trigger → LLM → condition → output in the builder (palette, configuration
 * panel, connections), the API's save-time error shown on the node and its field, save, run with an input
 * and variables on the offline model, watch it complete with its outputs, tokens and log, the run history;
 * then a slow run stopped from the live view, and the plan's agent quota.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, haiku } from './browser-suite.ts';

const password = 'Copper-Meadow-64';

describeInBrowser('Workbench', { fakeModels: true }, (suite) => {
  // Wide enough for the palette, the canvas and the configuration panel side by side.
  const newPage = () => suite.newPage({ viewport: { width: 1600, height: 1000 } });

  async function signUp(page: Page, prefix: string): Promise<void> {
    await page.goto('/signup');
    await page.getByLabel('Name').fill(`${prefix} Example`);
    await page.getByLabel('E-mail').fill(`${prefix}-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('combobox', { name: 'Organisation' }).waitFor();
  }

  /**
   * The list's form, not just any "Agent name" field: right after the URL changes, the builder page being
   * left (with its own "Agent name") can still be on screen, and a fill there is lost (seen under load).
   */
  const newAgentForm = (page: Page) => page.getByRole('form', { name: 'New agent' });

  async function createAgent(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workbench' }).click();
    await page.waitForURL(`${suite.platform.baseUrl}/workbench`);
    await newAgentForm(page).getByLabel('Agent name').fill(name);
    await newAgentForm(page).getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL(/\/workbench\/agents\/agt_[^/]+$/);
    await expect.poll(() => page.locator('#wb-agent-name').inputValue()).toBe(name);
  }

  const canvasNode = (page: Page, name: string) =>
    page.getByRole('application', { name: 'Agent graph canvas' }).getByRole('group', { name, exact: true });
  const nodeState = (node: Locator) => node.locator('[data-state]').getAttribute('data-state');
  const panel = (page: Page) => page.getByRole('region', { name: /node / }).first();

  /** Selects a node by clicking it on the canvas; its panel opens. */
  async function configure(page: Page, nodeName: string, heading: RegExp) {
    await canvasNode(page, nodeName).click();
    await page.getByRole('heading', { name: heading }).waitFor();
  }

  /** Where an element is once the canvas has stopped moving (two reads a frame apart agree). */
  async function settledBox(page: Page, element: Locator) {
    let box = await element.boundingBox();
    for (let read = 0; read < 20; read++) {
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const next = await element.boundingBox();
      if (box && next && box.x === next.x && box.y === next.y) return box;
      box = next;
    }
    throw new Error('an element did not stop moving on the canvas');
  }

  /**
   * Connects two handles with a pointer drag from one's centre to the other's, as a person does, and waits
   * for the edge. Adding a node fits the view a moment later, so under load the canvas can still move
   * between measuring and dragging; then the drag misses and, like a person, it is tried again.
   */
  async function connectByDrag(page: Page, from: Locator, to: Locator, edge: Locator) {
    for (let attempt = 1; ; attempt++) {
      const a = await settledBox(page, from);
      const b = await settledBox(page, to);
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
      await page.mouse.up();
      try {
        await edge.waitFor({ state: 'attached', timeout: 5_000 });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  async function save(page: Page) {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
  }

  it('builds trigger → LLM → condition → output, shows the API’s save error on the field, saves and runs it', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage();
    await signUp(page, 'wb-builder');
    await createAgent(page, 'Colour helper');

    // A new agent starts as trigger → LLM → output; every node has an accessible name on the canvas.
    await canvasNode(page, 'Trigger node: Start Trigger').waitFor();
    await canvasNode(page, 'LLM node: LLM Processor').waitFor();
    await canvasNode(page, 'Output node: Output').waitFor();
    // The palette offers every node type.
    const palette = page.getByRole('navigation', { name: 'Node palette' });
    expect(await palette.getByRole('button').allTextContents()).toEqual([
      'Add Trigger node',
      'Add LLM node',
      'Add HTTP request node',
      'Add Transform node',
      'Add Condition node',
      'Add Output node',
    ]);

    // Add a condition and wire LLM → condition —true→ output.
    await palette.getByRole('button', { name: 'Add Condition node' }).click();
    await canvasNode(page, 'Condition node: Condition').waitFor();
    await page.getByRole('heading', { name: /Condition node condition-1/ }).waitFor();
    await panel(page).getByLabel('Label', { exact: true }).fill('Mentions offline');
    await canvasNode(page, 'Condition node: Mentions offline').waitFor();
    // The true branch: dragged on the canvas from the condition's `true` handle to the output's input.
    await connectByDrag(
      page,
      canvasNode(page, 'Condition node: Mentions offline').locator('.react-flow__handle[data-handleid="true"]'),
      canvasNode(page, 'Output node: Output').locator('.react-flow__handle.target'),
      page.getByRole('group', { name: 'Edge from condition-1 (true) to 3' }),
    );
    await expect
      .poll(() => panel(page).getByRole('region', { name: 'Connections' }).textContent())
      .toContain('true → Output (3)');
    // A node dragged from the palette onto the canvas, then deleted again.
    await palette
      .getByRole('button', { name: 'Add Transform node' })
      .dragTo(page.getByRole('application', { name: 'Agent graph canvas' }), { targetPosition: { x: 80, y: 80 } });
    await canvasNode(page, 'Transform node: Transform').waitFor();
    await page.getByRole('heading', { name: /Transform node transform-1/ }).waitFor();
    await panel(page).getByRole('button', { name: 'Delete node' }).click();
    await expect.poll(() => canvasNode(page, 'Transform node: Transform').count()).toBe(0);
    await configure(page, 'Condition node: Mentions offline', /Condition node condition-1/);
    // JSONata the builder cannot check itself: the API refuses the save and names node and field.
    await panel(page).getByLabel('Expression', { exact: true }).fill('$contains(input, ');

    await configure(page, 'LLM node: LLM Processor', /LLM node 2/);
    const connections = panel(page).getByRole('region', { name: 'Connections' });
    await connections.getByRole('listitem').filter({ hasText: 'To Output (3)' }).getByRole('button').click();
    await connections.getByLabel('Connect to').selectOption('condition-1');
    await connections.getByRole('button', { name: 'Connect' }).click();
    await panel(page).getByLabel('Prompt', { exact: true }).fill('Answer in a {{vars.tone}} way: {{input}}');
    await panel(page).getByLabel('Temperature', { exact: true }).fill('3');
    await panel(page).getByText('Enter a number from 0 to 2').waitFor();
    await panel(page).getByLabel('Temperature', { exact: true }).fill('0.2');

    await save(page);
    await page.getByTestId('save-problems').waitFor();
    await configure(page, 'Condition node: Mentions offline', /Condition node condition-1/);
    const expression = panel(page).getByLabel('Expression', { exact: true });
    await expect.poll(() => expression.getAttribute('aria-invalid')).toBe('true');
    const fieldError = await panel(page)
      .locator('.field')
      .filter({ has: page.getByLabel('Expression', { exact: true }) })
      .locator('.field-error')
      .textContent();
    expect(fieldError).toBeTruthy();
    // …and on the node on the canvas.
    expect(await canvasNode(page, 'Condition node: Mentions offline').locator('.wb-node-problems').textContent()).toBe(
      fieldError,
    );
    expect(await page.getByTestId('agent-version').textContent()).toContain('unsaved changes');

    await expression.fill('$contains(input, "offline")');
    await save(page);
    await page.getByText('Saved draft version 2').waitFor();
    await expect.poll(() => page.getByTestId('agent-version').textContent()).toBe('Draft v2 · not published');

    // Run on the offline model with an input and a variable.
    await page.getByLabel('Run input').fill('Name the three primary colours');
    await page.getByLabel('Variables (JSON object, optional)').fill('{"tone": "cheerful"}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('completed');

    // Every node on the canvas shows how it ended.
    for (const name of [
      'Trigger node: Start Trigger',
      'LLM node: LLM Processor',
      'Condition node: Mentions offline',
      'Output node: Output',
    ]) {
      await expect.poll(() => nodeState(canvasNode(page, name))).toBe('completed');
    }
    const output = page.getByTestId('output-3');
    await expect
      .poll(() => output.textContent())
      .toContain('[offline model] You asked: "Answer in a cheerful way: Name the three primary colours"');
    await expect.poll(() => page.getByTestId('stream-2').textContent()).toContain('[offline model]');
    const llmRow = page.getByRole('table', { name: 'Node results' }).getByRole('row', { name: /LLM Processor/ });
    const llmCells = await llmRow.getByRole('cell').allTextContents();
    expect(llmCells[0]).toBe('completed');
    expect(Number(llmCells[1])).toBeGreaterThan(0);
    expect(llmCells[2]).toBe('$0.00');
    expect(llmCells[3]).toMatch(/^\d+(\.\d+)? m?s$/);
    const totals = page.locator('dl[aria-label="Run totals"]');
    expect(Number(await totals.locator('div', { hasText: 'Total tokens' }).locator('dd').textContent())).toBe(
      Number(llmCells[1]),
    );
    await expect.poll(() => page.getByRole('region', { name: 'Run log' }).textContent()).toContain('Condition is true');

    // Publish, show the webhook URL (rotating the secret), and start the published version by webhook.
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('builder-notice').textContent()).toBe('Published version 1');
    // Publishing changes the agent item, so the draft's version moves on too.
    await expect.poll(() => page.getByTestId('agent-version').textContent()).toBe('Draft v3 · published v1');
    await page.getByText('Webhook trigger', { exact: true }).click();
    // The secret made with the agent is shown once, right after creating it; rotating replaces it.
    const hookInput = page.getByLabel('Webhook URL (shown once; copy it now)');
    await expect.poll(() => hookInput.inputValue()).toMatch(/\/api\/hooks\/agt_[^/]+\/.+$/);
    const firstUrl = await hookInput.inputValue();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await expect.poll(() => hookInput.inputValue()).not.toBe(firstUrl);
    const hookUrl = await hookInput.inputValue();
    expect(hookUrl).toMatch(/\/api\/hooks\/agt_[^/]+\/.+$/);
    const post = (url: string) =>
      fetch(`${url}?wait=20000`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify('Colours by webhook'),
      });
    expect((await post(firstUrl)).status).toBe(404);
    const hook = await post(hookUrl);
    expect(hook.status).toBe(200);
    const hookResult = (await hook.json()) as { status: string; outputs: Record<string, string> };
    expect(hookResult.status).toBe('completed');
    expect(hookResult.outputs['3']).toContain('You asked: "Answer in a way: Colours by webhook"');

    // A failing node: JSON output of text that is not JSON. The run fails there, in red, with the reason.
    await configure(page, 'Output node: Output', /Output node 3/);
    await panel(page).getByLabel('Output format', { exact: true }).selectOption('json');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('failed');
    await expect.poll(() => nodeState(canvasNode(page, 'Output node: Output'))).toBe('failed');
    expect(await nodeState(canvasNode(page, 'LLM node: LLM Processor'))).toBe('completed');
    await expect.poll(() => page.getByTestId('run-error').textContent()).toContain('The run failed at node 3');
    expect(await page.getByTestId('run-error').textContent()).toContain('invalid_input');

    // The run history lists the three runs, newest first.
    await page.getByRole('link', { name: 'Run history' }).click();
    const history = page.getByRole('table', { name: 'Run history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(4);
    const rows = await history.getByRole('row').allTextContents();
    expect(rows[1]).toMatch(/failed.*manual.*draft/);
    expect(rows[2]).toMatch(/completed.*webhook.*v1/);
    expect(rows[3]).toMatch(/completed.*manual.*draft/);
  });

  it('stops a slow run from the live view, and refuses an agent beyond the plan’s quota', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage();
    await signUp(page, 'wb-stop');
    await createAgent(page, 'Chatterbox');

    await configure(page, 'LLM node: LLM Processor', /LLM node 2/);
    await panel(page).getByLabel('Model', { exact: true }).selectOption(haiku);
    await panel(page).getByLabel('Prompt', { exact: true }).fill('Talk forever about {{input}}');
    await save(page);
    await page.getByText('Saved draft version 2').waitFor();

    // Someone saves the same agent in another tab: this tab's next save is a stale edit (409), shown with
    // the choice to load theirs or save over it.
    const other = suite.watch(await page.context().newPage());
    await other.goto(page.url());
    await expect.poll(() => other.getByLabel('Agent name').inputValue()).toBe('Chatterbox');
    await other.getByLabel('Agent name').fill('Chatterbox (other tab)');
    await other.getByRole('button', { name: 'Save', exact: true }).click();
    await other.getByText('Saved draft version 3').waitFor();
    await page.getByLabel('Agent name').fill('Chatterbox (this tab)');
    await save(page);
    await expect
      .poll(() => page.getByTestId('save-problems').textContent())
      .toContain('The agent was changed since you loaded it');
    await page.getByRole('button', { name: 'Save my edits over it' }).click();
    await page.getByText('Saved draft version 4').waitFor();
    await other.reload();
    await expect.poll(() => other.getByLabel('Agent name').inputValue()).toBe('Chatterbox (this tab)');
    await other.close();

    const closedBefore = suite.models.closedEarly();
    await page.getByLabel('Run input').fill('colours');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const llm = canvasNode(page, 'LLM node: LLM Processor');
    await expect.poll(() => nodeState(llm), { timeout: 20_000 }).toBe('running');
    // The model's words arrive in the live view while it runs.
    await expect
      .poll(async () => ((await page.getByTestId('stream-2').textContent()) ?? '').split('word').length, {
        timeout: 20_000,
      })
      .toBeGreaterThan(3);
    expect(await page.getByTestId('run-status').textContent()).toBe('running');

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('stopped');
    await expect.poll(() => nodeState(llm)).toBe('stopped');
    await expect.poll(() => nodeState(canvasNode(page, 'Output node: Output'))).toBe('stopped');
    // The in-flight model call was abandoned, not left streaming.
    await expect.poll(() => suite.models.closedEarly(), { timeout: 10_000 }).toBeGreaterThan(closedBefore);
    expect(await page.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(0);
    // Retry from where it stopped: a new run that reuses the finished trigger step and runs the LLM again.
    const stoppedRunHeading = await page.getByRole('heading', { name: /^Run run_/ }).textContent();
    await page.getByRole('button', { name: 'Retry from failed node' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Run run_/ }).textContent()).not.toBe(stoppedRunHeading);
    await expect.poll(() => nodeState(llm), { timeout: 20_000 }).toBe('running');
    expect(await nodeState(canvasNode(page, 'Trigger node: Start Trigger'))).toBe('completed');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('stopped');
    await page.getByRole('link', { name: 'Run history' }).click();
    const history = page.getByRole('table', { name: 'Run history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    expect(await history.getByRole('row').nth(1).textContent()).toMatch(/stopped.*retry/);

    // The free plan allows 3 agents: the fourth is refused with the plan's own words.
    await createAgent(page, 'Second');
    await createAgent(page, 'Third');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workbench' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Agents' }).getByRole('row').count()).toBe(4);
    await newAgentForm(page).getByLabel('Agent name').fill('Fourth');
    await newAgentForm(page).getByRole('button', { name: 'Create agent' }).click();
    await expect
      .poll(() => page.getByTestId('create-agent-error').textContent())
      .toBe('The free plan allows 3 agents; delete one or upgrade');

    // Deleting one makes room again.
    await page.getByRole('button', { name: 'Delete Second' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Agents' }).getByRole('row').count()).toBe(3);
    await newAgentForm(page).getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL(/\/workbench\/agents\/agt_[^/]+$/);
  });
});
