/**
 * An agent with several triggers (manual, webhook, schedule), end to end on a real SQLite platform
 * with the local queue's workers: each event starts only the trigger nodes of its own kind; the other
 * triggers and every node reachable only from them are skipped (as a condition's branch not taken),
 * and the run still ends. A node fed by two triggers runs when either of them fired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, caller, createOrg, expectJson, type Json, signUp } from '../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../test/temp-platform.ts';
import type { Workers } from './deps.ts';
import { createScheduledTickHandler } from './entry/scheduled-tick-handler.ts';
import { jobHandlers } from './job-handlers.ts';
import { periodicJobs } from './periodic-jobs.ts';

const minute = 60_000;
let platform: TempPlatform;
let workers: Workers;
let call: Call;
let as: { token: string; orgId: string };

beforeAll(async () => {
  platform = await startTempPlatform();
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
  call = caller(platform);
  const owner = await signUp(call, 'triggers-owner@example.com');
  const orgId = await createOrg(call, owner, 'Triggers');
  as = { token: owner.accessToken, orgId };
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const at = (id: string, type: string, data: Json = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const link = (source: string, target: string) => ({ id: `${source}-${target}`, source, target });

/** manual → mOut, webhook → wOut, schedule → sOut, and `shared` fed by both webhook and schedule. */
const threeTriggers = {
  nodes: [
    at('manual', 'trigger', { triggerType: 'manual' }),
    at('hook', 'trigger', { triggerType: 'webhook' }),
    at('cron', 'trigger', { triggerType: 'scheduled', cron: '* * * * *' }),
    at('mOut', 'output', { outputFormat: 'json' }),
    at('wOut', 'output', { outputFormat: 'json' }),
    at('sOut', 'output', { outputFormat: 'json' }),
    at('shared', 'transform', { expression: '"either"' }),
  ],
  edges: [
    link('manual', 'mOut'),
    link('hook', 'wOut'),
    link('cron', 'sOut'),
    link('hook', 'shared'),
    link('cron', 'shared'),
  ],
};

const statuses = (run: Json) =>
  Object.fromEntries(run.executionPlan.nodes.map((node: Json) => [node.id, node.status as string]));

async function finishedRun(runId: string): Promise<Json> {
  await expect
    .poll(async () => (await expectJson<Json>(await call('GET', `/api/runs/${runId}`, as), 200)).status, {
      timeout: 20_000,
      interval: 100,
    })
    .toBe('completed');
  return expectJson<Json>(await call('GET', `/api/runs/${runId}`, as), 200);
}

describe('an agent with manual, webhook and schedule triggers', () => {
  let agent: Json;

  beforeAll(async () => {
    agent = await expectJson<Json>(
      await call('POST', '/api/agents', { ...as, body: { name: 'Three ways in', graph: threeTriggers } }),
      201,
    );
    await expectJson(await call('POST', `/api/agents/${agent.id}/publish`, as), 201);
  });

  it('execute starts the manual trigger only', async () => {
    const run = await expectJson<Json>(
      await call('POST', `/api/agents/${agent.id}/execute?wait=15000`, { ...as, body: { input: { by: 'hand' } } }),
      200,
    );
    expect(run).toMatchObject({ status: 'completed', trigger: 'manual', errorDetails: null });
    expect(statuses(run)).toEqual({
      manual: 'completed',
      hook: 'skipped',
      cron: 'skipped',
      mOut: 'completed',
      wOut: 'skipped',
      sOut: 'skipped',
      shared: 'skipped',
    });
    expect(run.results.outputs).toEqual({ mOut: { by: 'hand' } });
    expect(run.results.metrics.steps).toBe(2);
  });

  it('the webhook starts the webhook trigger only (and the node it shares with the schedule)', async () => {
    const res = await call('POST', `/api/hooks/${agent.id}/${agent.webhookSecret}?wait=15000`, {
      body: { by: 'hook' },
    });
    const answer = await expectJson<Json>(res, 200);
    expect(answer.status).toBe('completed');
    expect(answer.outputs).toEqual({ wOut: { by: 'hook' } });
    const run = await finishedRun(answer.runId);
    expect(run.trigger).toBe('webhook');
    expect(statuses(run)).toEqual({
      manual: 'skipped',
      hook: 'completed',
      cron: 'skipped',
      mOut: 'skipped',
      wOut: 'completed',
      sOut: 'skipped',
      shared: 'completed',
    });
    expect(run.executionPlan.nodes.find((node: Json) => node.id === 'shared').output).toBe('either');
  });

  it('a schedule tick starts the schedule trigger whose cron fired, only', async () => {
    const tick = createScheduledTickHandler(platform.deps, periodicJobs(platform.deps));
    const slot = Math.ceil((platform.deps.clock.nowMs() + 1) / minute) * minute;
    expect((await tick({ time: new Date(slot).toISOString() })).enqueued.map((e) => e.name)).toContain(
      'workbench.schedules',
    );
    let scheduled: Json | undefined;
    await expect
      .poll(
        async () => {
          const history = await expectJson<Json>(await call('GET', `/api/agents/${agent.id}/runs`, as), 200);
          scheduled = history.items.find((run: Json) => run.trigger === 'schedule');
          return scheduled?.status;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe('completed');
    const run = await finishedRun(scheduled.id);
    expect(statuses(run)).toEqual({
      manual: 'skipped',
      hook: 'skipped',
      cron: 'completed',
      mOut: 'skipped',
      wOut: 'skipped',
      sOut: 'completed',
      shared: 'completed',
    });
    expect(run.results.outputs).toEqual({ sOut: { scheduledAt: new Date(slot).toISOString() } });
  });

  it('execute on an agent without a manual trigger starts from its first trigger node', async () => {
    const noManual = {
      nodes: threeTriggers.nodes.filter((node) => node.id !== 'manual' && node.id !== 'mOut'),
      edges: threeTriggers.edges.filter((edge) => edge.source !== 'manual'),
    };
    const other = await expectJson<Json>(
      await call('POST', '/api/agents', { ...as, body: { name: 'Hook or cron', graph: noManual } }),
      201,
    );
    const run = await expectJson<Json>(
      await call('POST', `/api/agents/${other.id}/execute?wait=15000`, { ...as, body: { input: { by: 'hand' } } }),
      200,
    );
    expect(run).toMatchObject({ status: 'completed', trigger: 'manual' });
    expect(statuses(run)).toEqual({
      hook: 'completed',
      cron: 'skipped',
      wOut: 'completed',
      sOut: 'skipped',
      shared: 'completed',
    });
  });
});
