/**
 * A run stranded by a crash, recovered by the stranded-runs sweep, on a real SQLite platform with the
 * local queue's workers: the process "dies" after storing a new run and before sending its start job
 * (a workbench on the same store whose queue fails that send), so the run is `queued` with no job.
 * The scheduler tick (the same periodic-jobs registry as the Node server's timer and the scheduler
 * Lambda) enqueues `workbench.sweep`, which restarts it: the run completes, each node ran once, and
 * later sweeps change nothing. The platform's clock is moved by hand past the grace period.
 */
import { createWorkbench, startJobType } from '@diatonic/core';
import { queueDyingBefore } from '@diatonic/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, createOrg, expectJson, type Json, signUp } from '../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../test/temp-platform.ts';
import type { Workers } from './deps.ts';
import { createScheduledTickHandler } from './entry/scheduled-tick-handler.ts';
import { jobHandlers } from './job-handlers.ts';
import { periodicJobs } from './periodic-jobs.ts';
import { workbenchExecutors } from './workbench-executors.ts';

const minute = 60_000;
let offset = 0;
const clock = { nowMs: () => Date.now() + offset };
let platform: TempPlatform;
let workers: Workers;

beforeAll(async () => {
  platform = await startTempPlatform({ clock });
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

describe('stranded runs', () => {
  it('restarts a run stored without its start job, from the scheduler tick, and runs it exactly once', async () => {
    const call = caller(platform);
    const owner = await signUp(call, 'sweep-owner@example.com');
    const orgId = await createOrg(call, owner, 'Sweep');
    const as = { token: owner.accessToken, orgId };
    const at = (id: string, type: string, data: Json = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
    const graph = {
      nodes: [
        at('t', 'trigger'),
        at('x', 'transform', { expression: '{"doubled": input * 2}' }),
        at('o', 'output', { outputFormat: 'json' }),
      ],
      edges: [
        { id: 'e1', source: 't', target: 'x' },
        { id: 'e2', source: 'x', target: 'o' },
      ],
    };
    const agent = await expectJson<Json>(
      await call('POST', '/api/agents', { ...as, body: { name: 'Double', graph } }),
      201,
    );

    // The crash point: the run is stored (with its quota count and first log line), its start job is not sent.
    const deps = platform.deps;
    const dying = queueDyingBefore(deps.jobQueue, startJobType);
    const crashed = createWorkbench({
      store: deps.itemStore,
      queue: dying,
      clock,
      executors: workbenchExecutors({ ai: deps.ai }),
    });
    const actor = await deps.identity.resolveActor(
      { provider: 'builtin', sub: owner.userId, groups: [] },
      { organizationId: orgId },
    );
    await expect(crashed.execute(actor, agent.id, { input: 21 })).rejects.toThrow('killed before send');
    const history = await expectJson<Json>(await call('GET', `/api/agents/${agent.id}/runs`, as), 200);
    expect(history.items).toHaveLength(1);
    expect(history.items[0].status).toBe('queued');
    const runId: string = history.items[0].id;

    // Past the grace period, the scheduler's tick enqueues the sweep; the workers run it and then the run.
    offset += 2 * minute;
    const tick = createScheduledTickHandler(deps, periodicJobs(deps));
    expect((await tick({ time: new Date(clock.nowMs()).toISOString() })).enqueued.map((e) => e.name)).toContain(
      'workbench.sweep',
    );
    await expect
      .poll(async () => (await expectJson<Json>(await call('GET', `/api/runs/${runId}`, as), 200)).status, {
        timeout: 20_000,
        interval: 100,
      })
      .toBe('completed');
    const ranOnce = (run: Json) => {
      expect(run.results.outputs).toEqual({ o: { doubled: 42 } });
      expect(run.executionPlan.nodes.map((node: Json) => [node.id, node.status, node.attempt])).toEqual([
        ['t', 'completed', 1],
        ['x', 'completed', 1],
        ['o', 'completed', 1],
      ]);
      expect(run.results.metrics.steps).toBe(3);
      const runLines = run.results.logs.filter((line: Json) => line.kind === 'run').map((line: Json) => line.message);
      expect(runLines).toEqual(['Run queued (manual)', 'Run completed']);
    };
    ranOnce(await expectJson<Json>(await call('GET', `/api/runs/${runId}`, as), 200));

    // The started run left the sweep's index: a later sweep (another tick, or directly) finds nothing.
    offset += 10 * minute;
    expect(await deps.workbench.sweepStrandedRuns()).toEqual({
      restarted: [],
      failedQueued: [],
      failedStalled: [],
      kickedWaiting: [],
    });
    await tick({ time: new Date(clock.nowMs()).toISOString() });
    ranOnce(await expectJson<Json>(await call('GET', `/api/runs/${runId}`, as), 200));
    expect((await expectJson<Json>(await call('GET', `/api/agents/${agent.id}/runs`, as), 200)).items).toHaveLength(1);
  }, 60_000);
});
