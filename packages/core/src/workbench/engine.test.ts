import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { runKey, runningCounterKey, stepKey } from './keys.ts';
import { RetryableNodeError } from './node-executor.ts';
import type { RunView } from './views.ts';
import { actorIn, chain, createKit, edge, eventually, node, sleep, sleepExecutor } from './workbench-test-kit.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

const done = (run: RunView) => ['completed', 'failed', 'stopped'].includes(run.status);

async function finished(
  kit: ReturnType<typeof createKit>,
  actor: ReturnType<typeof actorIn>,
  runId: string,
  ms = 5_000,
) {
  let run = await kit.workbench.getRun(actor, runId);
  await eventually(async () => {
    run = await kit.workbench.getRun(actor, runId);
    return done(run);
  }, ms);
  return run;
}

describe('workbench engine', () => {
  it('runs trigger → llm → output through the gateway, with usage per node and streamed tokens in the log', async () => {
    const kit = createKit({ script: { text: 'Bonjour tout le monde', usage: { inputTokens: 12, outputTokens: 4 } } });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const graph = chain(
      node('t', 'trigger'),
      node('l', 'llm', { prompt: 'Translate {{input}} for {{vars.who}} ({{nodes.t.output.lang}})', model: 'offline' }),
      node('o', 'output', { outputFormat: 'text' }),
    );
    const agent = await kit.workbench.createAgent(actor, { name: 'Translator', graph });
    const started = await kit.workbench.execute(actor, agent.id, {
      input: { lang: 'fr', text: 'hi' },
      variables: { who: 'Ana' },
    });
    expect(started.status).toBe('queued');
    const run = await finished(kit, actor, started.id);
    expect(run.status).toBe('completed');
    expect(run.results.outputs).toEqual({ o: 'Bonjour tout le monde' });
    expect(kit.llm.calls[0]?.messages[0]?.content).toBe('Translate {"lang":"fr","text":"hi"} for Ana (fr)');
    expect(run.results.metrics.nodes.l).toMatchObject({ inputTokens: 12, outputTokens: 4, tokens: 16 });
    expect(run.results.metrics.tokens).toBe(16);
    expect(run.executionPlan.nodes.map((n) => n.status)).toEqual(['completed', 'completed', 'completed']);
    const logs = await kit.workbench.runLogs(actor, run.id);
    expect(
      logs.items
        .filter((l) => l.kind === 'token')
        .map((l) => l.message)
        .join(''),
    ).toBe('Bonjour tout le monde');
    expect(logs.items.map((l) => l.id)).toEqual([...logs.items.map((l) => l.id)].sort((a, b) => a - b));
    const usage = await kit.ai.getUsage(actor, {
      from: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      groupBy: 'agent',
    } as never);
    expect(JSON.stringify(usage)).toContain(agent.id);
  });

  it('runs independent branches in parallel and joins only when both inputs are in', async () => {
    const kit = createKit({ extra: [sleepExecutor()] });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const graph = {
      nodes: [
        node('t', 'trigger'),
        node('a', 'sleep', { ms: 300 }),
        node('b', 'sleep', { ms: 300 }),
        node('j', 'sleep', { ms: 0 }),
      ],
      edges: [edge('t', 'a'), edge('t', 'b'), edge('a', 'j'), edge('b', 'j')],
    };
    const agent = await kit.workbench.createAgent(actor, { name: 'Fan out', graph });
    const run = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, { input: 1 })).id);
    expect(run.status).toBe('completed');
    const join = run.executionPlan.nodes.find((n) => n.id === 'j');
    expect(Object.keys(join?.input as object).sort()).toEqual(['a', 'b']);
    const a = run.executionPlan.nodes.find((n) => n.id === 'a');
    const b = run.executionPlan.nodes.find((n) => n.id === 'b');
    // Both branches ran at the same time: each started before the other finished.
    expect(Date.parse(a?.startedAt ?? '')).toBeLessThan(Date.parse(b?.completedAt ?? ''));
    expect(Date.parse(b?.startedAt ?? '')).toBeLessThan(Date.parse(a?.completedAt ?? ''));
  });

  it('follows only the branch a condition chose and skips the other', async () => {
    const condition = {
      type: 'condition',
      validate: () => [],
      execute: async (ctx: { input: unknown }) => ({
        output: ctx.input,
        branch: ctx.input === 'yes' ? 'true' : 'false',
      }),
    };
    const kit = createKit({ extra: [condition as never, sleepExecutor()] });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const graph = {
      nodes: [
        node('t', 'trigger'),
        node('c', 'condition'),
        node('y', 'sleep'),
        node('n', 'sleep'),
        node('o', 'output'),
      ],
      edges: [edge('t', 'c'), edge('c', 'y', 'true'), edge('c', 'n', 'false'), edge('y', 'o'), edge('n', 'o')],
    };
    const agent = await kit.workbench.createAgent(actor, { name: 'Branch', graph });
    const run = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, { input: 'yes' })).id);
    expect(run.status).toBe('completed');
    const states = Object.fromEntries(run.executionPlan.nodes.map((n) => [n.id, n.status]));
    expect(states).toEqual({ t: 'completed', c: 'completed', y: 'completed', n: 'skipped', o: 'completed' });
  });

  it('retries RetryableNodeError with back-off up to maxAttempts, and fails at once on other errors', async () => {
    let calls = 0;
    const flaky = {
      type: 'flaky',
      validate: () => [],
      async execute(ctx: { node: { data: Record<string, unknown> } }) {
        calls++;
        if (ctx.node.data.fatal) throw AppError.invalidInput('bad config');
        if (calls < 3) throw new RetryableNodeError('503 from upstream');
        return { output: 'ok' };
      },
    };
    const kit = createKit({ extra: [flaky as never] });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const ok = await kit.workbench.createAgent(actor, {
      name: 'Flaky',
      graph: chain(node('t', 'trigger'), node('f', 'flaky', { retry: { maxAttempts: 3, baseMs: 5, capMs: 20 } })),
    });
    const run = await finished(kit, actor, (await kit.workbench.execute(actor, ok.id, {})).id);
    expect(run.status).toBe('completed');
    expect(run.executionPlan.nodes[1]?.attempt).toBe(3);

    calls = 0;
    const fatal = await kit.workbench.createAgent(actor, {
      name: 'Fatal',
      graph: chain(node('t', 'trigger'), node('f', 'flaky', { fatal: true, retry: { maxAttempts: 3, baseMs: 5 } })),
    });
    const failed = await finished(kit, actor, (await kit.workbench.execute(actor, fatal.id, {})).id);
    expect(failed.status).toBe('failed');
    expect(failed.errorDetails).toMatchObject({ code: 'invalid_input', nodeId: 'f' });
    expect(calls).toBe(1);
  });

  it('times a node out after its timeoutMs even when the executor ignores the signal', async () => {
    const kit = createKit({ extra: [sleepExecutor()] });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Slow',
      graph: chain(node('t', 'trigger'), node('s', 'sleep', { ms: 5_000, deaf: true, timeoutMs: 50 })),
    });
    const started = Date.now();
    const run = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, {})).id);
    expect(run.status).toBe('failed');
    expect(run.errorDetails).toMatchObject({ code: 'timeout', nodeId: 's' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('executes a step once when the same job is delivered twice at the same moment', async () => {
    let effects = 0;
    const kit = createKit({ extra: [sleepExecutor('effect', () => void effects++)] });
    const actor = actorIn('org_a');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Once',
      graph: chain(node('t', 'trigger'), node('e', 'effect', { ms: 50 }), node('o', 'output')),
    });
    const run = await kit.workbench.execute(actor, agent.id, {});
    const handlers = kit.workbench.jobHandlers();
    const job = (payload: unknown, type: string) => ({ id: 'j', type, payload, attempt: 1, firstEnqueuedAt: 0 });
    await handlers['workbench.start']?.(job({ orgId: 'org_a', runId: run.id }, 'workbench.start'));
    await handlers['workbench.step']?.(job({ orgId: 'org_a', runId: run.id, nodeId: 't' }, 'workbench.step'));
    const step = job({ orgId: 'org_a', runId: run.id, nodeId: 'e' }, 'workbench.step');
    await Promise.all([
      handlers['workbench.step']?.(step),
      handlers['workbench.step']?.(step),
      handlers['workbench.step']?.(step),
    ]);
    // And once more after it finished (a late redelivery).
    await handlers['workbench.step']?.(step);
    expect(effects).toBe(1);
    stops.push(kit.startWorkers());
    const end = await finished(kit, actor, run.id);
    expect(end.status).toBe('completed');
    expect(effects).toBe(1);
  });

  it('resumes a step whose worker died (expired claim) and advances a stored step whose successors were never sent', async () => {
    let effects = 0;
    const kit = createKit({ extra: [sleepExecutor('effect', () => void effects++)], settings: { stepClaimMs: 100 } });
    const actor = actorIn('org_a');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Resume',
      graph: chain(node('t', 'trigger'), node('e', 'effect'), node('o', 'output')),
    });
    const run = await kit.workbench.execute(actor, agent.id, { input: 'x' });
    const handlers = kit.workbench.jobHandlers();
    const job = (payload: unknown, type: string) => ({ id: 'j', type, payload, attempt: 1, firstEnqueuedAt: 0 });
    await handlers['workbench.start']?.(job({ orgId: 'org_a', runId: run.id }, 'workbench.start'));
    // A worker claimed `t` and died before finishing: its claim is stale.
    await kit.store.put({
      ...stepKey('org_a', run.id, 't'),
      data: {
        nodeId: 't',
        status: 'running',
        attempt: 1,
        claim: 'clm_dead',
        claimUntil: Date.now() - 1,
        input: {},
        output: null,
        branch: null,
        usage: null,
        startedAt: Date.now() - 500,
        completedAt: null,
        durationMs: null,
        error: null,
        reused: false,
      },
    });
    stops.push(kit.startWorkers());
    const end = await finished(kit, actor, run.id);
    expect(end.status).toBe('completed');
    expect(end.executionPlan.nodes[0]?.attempt).toBe(2);
    expect(effects).toBe(1);
  });

  it('holds a cap of 5 running runs per organisation at every moment across 100 runs in 3 organisations', async () => {
    const running = new Map<string, number>();
    const maxSeen = new Map<string, number>();
    const work = sleepExecutor('work', async (ctx) => {
      const org = ctx.actor.orgId;
      running.set(org, (running.get(org) ?? 0) + 1);
      maxSeen.set(org, Math.max(maxSeen.get(org) ?? 0, running.get(org) ?? 0));
    });
    const tracked = {
      ...work,
      async execute(ctx: Parameters<typeof work.execute>[0]) {
        try {
          return await work.execute(ctx);
        } finally {
          running.set(ctx.actor.orgId, (running.get(ctx.actor.orgId) ?? 1) - 1);
        }
      },
    };
    const kit = createKit({ extra: [tracked], settings: { concurrencyFor: () => 5 } });
    stops.push(kit.startWorkers(40));
    const orgs = ['org_a', 'org_b', 'org_c'];
    const agents = new Map<string, string>();
    for (const org of orgs) {
      const agent = await kit.workbench.createAgent(actorIn(org), {
        name: 'Busy',
        graph: chain(node('t', 'trigger'), node('w', 'work', { ms: 20 }), node('o', 'output')),
      });
      agents.set(org, agent.id);
    }
    let counterMax = 0;
    const sampler = setInterval(async () => {
      for (const org of orgs) {
        const counter = await kit.store.get<{ running: number }>(runningCounterKey(org));
        counterMax = Math.max(counterMax, counter?.data.running ?? 0);
      }
    }, 3);
    const runs = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const org = orgs[i % 3] as string;
        return kit.workbench
          .execute(actorIn(org), agents.get(org) as string, { input: i })
          .then((run) => ({ org, id: run.id }));
      }),
    );
    await eventually(async () => {
      const all = await Promise.all(runs.map((r) => kit.store.get<{ status: string }>(runKey(r.org, r.id))));
      return all.every((item) => item?.data.status === 'completed');
    }, 30_000);
    clearInterval(sampler);
    for (const org of orgs) {
      expect(maxSeen.get(org)).toBeLessThanOrEqual(5);
      expect(maxSeen.get(org)).toBeGreaterThan(1);
      expect((await kit.store.get<{ running: number }>(runningCounterKey(org)))?.data.running).toBe(0);
    }
    expect(counterMax).toBeLessThanOrEqual(5);
  }, 40_000);

  it('stops a run whose token budget is spent with budget_exceeded, and the organisation runs on', async () => {
    const kit = createKit({ script: { text: 'many words here', usage: { inputTokens: 400, outputTokens: 300 } } });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const graph = chain(
      node('t', 'trigger'),
      node('l1', 'llm', { prompt: 'one {{input}}' }),
      node('l2', 'llm', { prompt: 'two {{input}}' }),
      node('o', 'output'),
    );
    const agent = await kit.workbench.createAgent(actor, { name: 'Spender', graph });
    const capped = await finished(
      kit,
      actor,
      (await kit.workbench.execute(actor, agent.id, { input: 'x', limits: { maxTokens: 500 } })).id,
    );
    expect(capped.status).toBe('failed');
    expect(capped.errorDetails).toMatchObject({ code: 'budget_exceeded', nodeId: 'l1' });
    expect(kit.llm.calls).toHaveLength(1);
    const free = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, { input: 'y' })).id);
    expect(free.status).toBe('completed');
    expect((await kit.store.get<{ running: number }>(runningCounterKey('org_a')))?.data.running).toBe(0);
  });

  it('stops a run within one second: the in-flight call is aborted, also when the worker is another instance', async () => {
    let abortedAt = 0;
    const slow = sleepExecutor('slow', (ctx) => {
      ctx.signal.addEventListener('abort', () => {
        abortedAt = Date.now();
      });
    });
    const kit = createKit({ extra: [slow] });
    // The worker is a second workbench on the same store and queue: it shares no memory with the first.
    const worker = createKit({ extra: [slow], store: kit.store, queue: kit.queue, settings: { stopPollMs: 200 } });
    stops.push(worker.startWorkers());
    const actor = actorIn('org_a');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Long',
      graph: chain(node('t', 'trigger'), node('s', 'slow', { ms: 10_000 }), node('o', 'output')),
    });
    const run = await kit.workbench.execute(actor, agent.id, {});
    await eventually(async () => (await kit.workbench.getRun(actor, run.id)).executionPlan.currentNode === 's');
    await sleep(50);
    const stoppedAt = Date.now();
    const stopped = await kit.workbench.stopRun(actor, run.id);
    expect(stopped.status).toBe('stopped');
    await eventually(() => abortedAt > 0, 1_000);
    expect(abortedAt - stoppedAt).toBeLessThan(1_000);
    await sleep(100);
    expect((await kit.workbench.getRun(actor, run.id)).status).toBe('stopped');
    expect((await kit.store.get<{ running: number }>(runningCounterKey('org_a')))?.data.running).toBe(0);
  });

  it('re-runs from the failed node with the recorded inputs, reusing the completed steps', async () => {
    let failNext = true;
    let trigger = 0;
    const kit = createKit({
      extra: [
        sleepExecutor('once', () => {
          if (failNext) {
            failNext = false;
            throw AppError.invalidInput('first time fails');
          }
        }),
        sleepExecutor('count', () => void trigger++),
      ],
    });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Retry me',
      graph: chain(node('t', 'trigger'), node('c', 'count'), node('x', 'once'), node('o', 'output')),
    });
    const failed = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, { input: 'kept' })).id);
    expect(failed.status).toBe('failed');
    const retried = await finished(kit, actor, (await kit.workbench.retryRun(actor, failed.id)).id);
    expect(retried.status).toBe('completed');
    expect(retried.retryOf).toBe(failed.id);
    expect(trigger).toBe(1);
    expect(retried.executionPlan.nodes.find((n) => n.id === 'c')?.reused).toBe(true);
    expect(retried.executionPlan.nodes.find((n) => n.id === 'x')?.input).toEqual({ c: { t: 'kept' } });
  });

  it("numbers a slow step's flushed lines and its result lines in order, each once", async () => {
    const chatty = sleepExecutor('chatty', (ctx) => ctx.log({ level: 'info', message: 'before the wait' }));
    const kit = createKit({ extra: [chatty] });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Chatty',
      graph: chain(node('t', 'trigger'), node('c', 'chatty', { ms: 400 }), node('o', 'output')),
    });
    const run = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, { input: 1 })).id);
    expect(run.status).toBe('completed');
    const logs = (await kit.workbench.runLogs(actor, run.id)).items;
    const ids = logs.map((l) => l.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    const messages = logs.map((l) => l.message);
    expect(messages.indexOf('chatty c started')).toBeLessThan(messages.indexOf('before the wait'));
    expect(messages.indexOf('before the wait')).toBeLessThan(
      messages.findIndex((m) => m.startsWith('chatty c completed')),
    );
    expect(messages.at(-1)).toBe('Run completed');
  });

  describe('pure nodes (no side effects: not claimed before their first attempt)', () => {
    const pureEcho = (type: string, onRun?: Parameters<typeof sleepExecutor>[1]) => ({
      ...sleepExecutor(type, onRun),
      pure: true,
    });

    it('stores a pure step once, with one set of log lines, when its job is delivered three times at once', async () => {
      let runs = 0;
      const kit = createKit({ extra: [pureEcho('echo', () => void runs++)] });
      const actor = actorIn('org_a');
      const agent = await kit.workbench.createAgent(actor, {
        name: 'Pure twice',
        graph: chain(node('t', 'trigger'), node('e', 'echo', { ms: 20 }), node('o', 'output')),
      });
      const run = await kit.workbench.execute(actor, agent.id, { input: 'x' });
      const handlers = kit.workbench.jobHandlers();
      const job = (payload: unknown, type: string) => ({ id: 'j', type, payload, attempt: 1, firstEnqueuedAt: 0 });
      await handlers['workbench.start']?.(job({ orgId: 'org_a', runId: run.id }, 'workbench.start'));
      await handlers['workbench.step']?.(job({ orgId: 'org_a', runId: run.id, nodeId: 't' }, 'workbench.step'));
      const step = job({ orgId: 'org_a', runId: run.id, nodeId: 'e' }, 'workbench.step');
      await Promise.all([1, 2, 3].map(() => handlers['workbench.step']?.(step)));
      expect(runs).toBeGreaterThanOrEqual(1);
      stops.push(kit.startWorkers());
      const end = await finished(kit, actor, run.id);
      expect(end.status).toBe('completed');
      expect(end.results.outputs).toEqual({ o: '{"t":"x"}' });
      const logs = (await kit.workbench.runLogs(actor, run.id)).items.map((l) => l.message);
      expect(logs.filter((m) => m.startsWith('echo e completed'))).toHaveLength(1);
      expect(logs.filter((m) => m === 'echo e started')).toHaveLength(1);
      expect((await kit.store.get(runKey('org_a', run.id)))?.data.stepsStarted).toBe(3);
    });

    it('holds maxSteps: the step over the limit is not stored and the run fails with max_steps_exceeded', async () => {
      const kit = createKit({ extra: [pureEcho('echo')] });
      stops.push(kit.startWorkers());
      const actor = actorIn('org_a');
      const agent = await kit.workbench.createAgent(actor, {
        name: 'Too long',
        graph: chain(node('t', 'trigger'), node('a', 'echo'), node('b', 'echo'), node('o', 'output')),
      });
      const run = await finished(
        kit,
        actor,
        (await kit.workbench.execute(actor, agent.id, { input: 1, limits: { maxSteps: 2 } })).id,
      );
      expect(run.status).toBe('failed');
      expect(run.errorDetails).toMatchObject({ code: 'max_steps_exceeded', nodeId: 'b' });
      expect(run.executionPlan.nodes.map((n) => [n.id, n.status])).toEqual([
        ['t', 'completed'],
        ['a', 'completed'],
        ['b', 'not_run'],
        ['o', 'not_run'],
      ]);
      expect((await kit.store.get(runKey('org_a', run.id)))?.data.stepsStarted).toBe(2);
    });

    it('retries a pure step that failed with a retryable error, claiming it from the second attempt', async () => {
      let attempts = 0;
      const kit = createKit({
        extra: [
          pureEcho('flaky', () => {
            attempts++;
            if (attempts === 1) throw new RetryableNodeError('not yet');
          }),
        ],
      });
      stops.push(kit.startWorkers());
      const actor = actorIn('org_a');
      const agent = await kit.workbench.createAgent(actor, {
        name: 'Flaky',
        graph: chain(
          node('t', 'trigger'),
          node('f', 'flaky', { retry: { maxAttempts: 3, baseMs: 1, capMs: 5 } }),
          node('o', 'output'),
        ),
      });
      const run = await finished(kit, actor, (await kit.workbench.execute(actor, agent.id, { input: 'y' })).id);
      expect(run.status).toBe('completed');
      expect(attempts).toBe(2);
      const step = run.executionPlan.nodes.find((n) => n.id === 'f');
      expect(step).toMatchObject({ status: 'completed', attempt: 2 });
    });
  });
});
