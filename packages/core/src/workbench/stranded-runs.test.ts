import { describe, expect, it } from 'vitest';
import { createMemoryJobQueue } from '../testing/memory-job-queue.ts';
import { startJobType, stepJobType } from './admission.ts';
import { builtInExecutors } from './executors/index.ts';
import { createWorkbench } from './index.ts';
import { runKey, runningCounterKey, waitingMarkerKey } from './keys.ts';
import type { NodeExecutor } from './node-executor.ts';
import type { RunRecord } from './records.ts';
import { actorIn, chain, createKit, node, queueDyingBefore } from './workbench-test-kit.ts';

const minute = 60_000;

/** The engine's and the queue's clock, moved by hand (no wall-clock waits). */
function movableClock() {
  let offset = 0;
  return {
    nowMs: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

/** A node with a side effect we can count. */
function countingExecutor(): NodeExecutor & { calls: number } {
  const executor = {
    type: 'count',
    calls: 0,
    validate: () => [],
    async execute(context: Parameters<NodeExecutor['execute']>[0]) {
      executor.calls++;
      return { output: { seen: context.input } };
    },
  };
  return executor;
}

function setUp() {
  const clock = movableClock();
  const queue = createMemoryJobQueue({ nowMs: clock.nowMs, retry: { baseMs: 5, capMs: 20 } });
  const counter = countingExecutor();
  const kit = createKit({ clock, queue, extra: [counter] });
  const actor = actorIn('org_sweep');
  const graph = chain(node('t', 'trigger'), node('c', 'count'), node('o', 'output', { outputFormat: 'json' }));
  return { clock, queue, counter, kit, actor, graph };
}

describe('stranded runs sweep', () => {
  it('restarts a run stored without its start job (process died in between), exactly once', async () => {
    const { clock, queue, counter, kit, actor, graph } = setUp();
    const agent = await kit.workbench.createAgent(actor, { name: 'Counter', graph });
    // The same store, but the process "dies" when it sends the start job: the run is stored, the job is not.
    const dying = queueDyingBefore(queue, startJobType);
    const crashed = createWorkbench({
      store: kit.store,
      queue: dying,
      clock,
      executors: [...builtInExecutors({ ai: kit.ai }), counter],
    });
    await expect(crashed.execute(actor, agent.id, { input: 'hi' })).rejects.toThrow('killed before send');
    const [stored] = (await kit.workbench.listRuns(actor, agent.id)).items;
    expect(stored).toMatchObject({ status: 'queued' });
    const runId = stored?.id as string;
    expect(await queue.stats()).toMatchObject({ ready: 0, delayed: 0 });

    // Inside the grace period the sweep leaves it (its start job may just be late).
    expect(await kit.workbench.sweepStrandedRuns()).toEqual({
      restarted: [],
      failedQueued: [],
      failedStalled: [],
      kickedWaiting: [],
    });
    clock.advance(2 * minute);
    expect(await kit.workbench.sweepStrandedRuns()).toEqual({
      restarted: [runId],
      failedQueued: [],
      failedStalled: [],
      kickedWaiting: [],
    });
    await queue.drain(kit.workbench.jobHandlers());
    const run = await kit.workbench.getRun(actor, runId);
    expect(run).toMatchObject({ status: 'completed', results: { outputs: { o: { seen: 'hi' } } } });
    expect(counter.calls).toBe(1);

    // Started runs leave the index: later sweeps find nothing, and nothing runs twice.
    clock.advance(10 * minute);
    expect((await kit.workbench.sweepStrandedRuns()).restarted).toEqual([]);
    await queue.drain(kit.workbench.jobHandlers());
    expect(counter.calls).toBe(1);
    expect((await kit.store.get<{ running: number }>(runningCounterKey(actor.orgId)))?.data.running).toBe(0);
  });

  it('adds no second start job while the first is only late (same dedupe key), and a duplicate changes nothing', async () => {
    const { clock, queue, counter, kit, actor, graph } = setUp();
    const agent = await kit.workbench.createAgent(actor, { name: 'Counter', graph });
    const started = await kit.workbench.execute(actor, agent.id, { input: 1 });
    clock.advance(2 * minute);
    expect((await kit.workbench.sweepStrandedRuns()).restarted).toEqual([started.id]);
    expect((await queue.stats()).ready).toBe(1); // deduplicated against the original send

    // Past the queue's dedupe window a re-send is a second job; the run still runs once.
    clock.advance(6 * minute);
    expect((await kit.workbench.sweepStrandedRuns()).restarted).toEqual([started.id]);
    expect((await queue.stats()).ready).toBe(2);
    await queue.drain(kit.workbench.jobHandlers());
    expect((await kit.workbench.getRun(actor, started.id)).status).toBe('completed');
    expect(counter.calls).toBe(1);
  });

  it('fails a run whose start job never succeeds once the give-up time has passed', async () => {
    const { clock, kit, actor, graph } = setUp();
    const agent = await kit.workbench.createAgent(actor, { name: 'Counter', graph });
    const started = await kit.workbench.execute(actor, agent.id, {});
    clock.advance(31 * minute);
    expect(await kit.workbench.sweepStrandedRuns()).toEqual({
      restarted: [],
      failedQueued: [started.id],
      failedStalled: [],
      kickedWaiting: [],
    });
    const run = await kit.workbench.getRun(actor, started.id);
    expect(run.status).toBe('failed');
    expect(run.errorDetails).toMatchObject({ code: 'start_failed' });
    expect(run.results.logs.at(-1)).toMatchObject({ level: 'error', data: { status: 'failed', code: 'start_failed' } });
    // The late start job finds the run ended and does nothing.
    await kit.queue.drain(kit.workbench.jobHandlers());
    expect((await kit.workbench.getRun(actor, started.id)).status).toBe('failed');
  });

  it('fails a running run whose step job was lost, once it is past its deadline, and frees its slot', async () => {
    const { clock, queue, counter, kit, actor, graph } = setUp();
    const agent = await kit.workbench.createAgent(actor, { name: 'Counter', graph });
    const started = await kit.workbench.execute(actor, agent.id, { limits: { maxDurationMs: 5 * minute } });
    // The start job runs; the step jobs are lost (dead-lettered: received and never handled).
    const handlers = kit.workbench.jobHandlers();
    await queue.drain({ ...handlers, [stepJobType]: async () => {} });
    expect((await kit.workbench.getRun(actor, started.id)).status).toBe('running');
    expect((await kit.store.get<{ running: number }>(runningCounterKey(actor.orgId)))?.data.running).toBe(1);

    // Not before the deadline plus the grace (a late retry would still end it itself).
    clock.advance(6 * minute);
    expect((await kit.workbench.sweepStrandedRuns()).failedStalled).toEqual([]);
    clock.advance(16 * minute);
    expect(await kit.workbench.sweepStrandedRuns()).toEqual({
      restarted: [],
      failedQueued: [],
      failedStalled: [started.id],
      kickedWaiting: [],
    });
    const run = await kit.workbench.getRun(actor, started.id);
    expect(run.status).toBe('failed');
    expect(run.errorDetails).toMatchObject({ code: 'run_stalled', nodeId: 't' });
    expect(run.errorDetails?.message).toContain('pending: t (ready)');
    expect(run.executionPlan.nodes.map((n) => n.status)).toEqual(['not_run', 'not_run', 'not_run']);
    expect(counter.calls).toBe(0);
    expect((await kit.store.get<{ running: number }>(runningCounterKey(actor.orgId)))?.data.running).toBe(0);
    // Ended runs leave the index.
    const item = await kit.store.get<RunRecord>(runKey(actor.orgId, started.id));
    expect(item?.gsi2pk).toBeUndefined();
    expect((await kit.workbench.sweepStrandedRuns()).failedStalled).toEqual([]);
  });

  it('starts runs waiting for a slot when the run that should have kicked them died first', async () => {
    const clock = movableClock();
    const queue = createMemoryJobQueue({ nowMs: clock.nowMs, retry: { baseMs: 5, capMs: 20 } });
    const settings = { concurrencyFor: () => 1 };
    const kit = createKit({ clock, queue, settings });
    const actor = actorIn('org_cap');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'x',
      graph: chain(node('t', 'trigger'), node('o', 'output')),
    });
    const first = await kit.workbench.execute(actor, agent.id, {});
    const second = await kit.workbench.execute(actor, agent.id, {});
    // Workers whose process cannot send start jobs any more: the first run is admitted and completes,
    // the second is parked (no slot), and the first's kick for it is lost.
    const dying = queueDyingBefore(queue, startJobType);
    const crashed = createWorkbench({
      store: kit.store,
      queue: dying,
      clock,
      settings,
      executors: builtInExecutors({ ai: kit.ai }),
    });
    await queue.drain(crashed.jobHandlers());
    expect((await kit.workbench.getRun(actor, first.id)).status).toBe('completed');
    expect((await kit.workbench.getRun(actor, second.id)).status).toBe('queued');
    await queue.drain(kit.workbench.jobHandlers());
    expect((await kit.workbench.getRun(actor, second.id)).status).toBe('queued'); // nobody will start it

    // Parked runs are not restarted as "start job lost" (they had theirs); their organisation is kicked.
    clock.advance(2 * minute);
    expect(await kit.workbench.sweepStrandedRuns()).toEqual({
      restarted: [],
      failedQueued: [],
      failedStalled: [],
      kickedWaiting: [second.id],
    });
    await queue.drain(kit.workbench.jobHandlers());
    expect((await kit.workbench.getRun(actor, second.id)).status).toBe('completed');
    // Nothing waits any more: the organisation's marker is dropped after the grace period.
    expect(await kit.store.get(waitingMarkerKey(actor.orgId))).toBeDefined();
    clock.advance(2 * minute);
    expect((await kit.workbench.sweepStrandedRuns()).kickedWaiting).toEqual([]);
    expect(await kit.store.get(waitingMarkerKey(actor.orgId))).toBeUndefined();
  });

  it('sends nothing for waiting runs while their organisation has no free slot', async () => {
    const clock = movableClock();
    const queue = createMemoryJobQueue({ nowMs: clock.nowMs, retry: { baseMs: 5, capMs: 20 } });
    const kit = createKit({ clock, queue, settings: { concurrencyFor: () => 1 } });
    const actor = actorIn('org_full');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'x',
      graph: chain(node('t', 'trigger'), node('o', 'output')),
    });
    const first = await kit.workbench.execute(actor, agent.id, {});
    const second = await kit.workbench.execute(actor, agent.id, {});
    // Both start jobs run; the first holds the only slot (its steps are held back), the second waits.
    await queue.drain({ ...kit.workbench.jobHandlers(), [stepJobType]: async () => {} });
    expect((await kit.workbench.getRun(actor, first.id)).status).toBe('running');
    expect((await kit.workbench.getRun(actor, second.id)).status).toBe('queued');
    clock.advance(2 * minute);
    expect(await kit.workbench.sweepStrandedRuns()).toEqual({
      restarted: [],
      failedQueued: [],
      failedStalled: [],
      kickedWaiting: [],
    });
    expect(await queue.stats()).toMatchObject({ ready: 0, delayed: 0 });
  });
});
