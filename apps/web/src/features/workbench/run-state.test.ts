import type { Run, RunLog } from '@diatonic/api-schemas';
import { describe, expect, it } from 'vitest';
import { applyLogEntries, emptyLiveLog, formatDuration, nodeViews, stateOfPlanNode } from './run-state.ts';

let nextId = 1;
const log = (kind: RunLog['kind'], nodeId: string | null, message: string, data?: Record<string, unknown>): RunLog => ({
  id: nextId++,
  at: '2026-11-26T04:00:00.000Z',
  kind,
  nodeId,
  level: 'info',
  message,
  ...(data ? { data } : {}),
});

type PlanNode = Run['executionPlan']['nodes'][number];
const planNode = (id: string, type: string, status: string, extra: Partial<PlanNode> = {}): PlanNode => ({
  id,
  type,
  label: null,
  status,
  attempt: 1,
  startedAt: null,
  completedAt: null,
  durationMs: null,
  queuedAt: null,
  executorMs: null,
  input: null,
  output: null,
  tokens: 0,
  costMicroUsd: 0,
  error: null,
  reused: false,
  ...extra,
});

function runOf(status: Run['status'], nodes: PlanNode[]): Run {
  const metrics = { tokens: 0, inputTokens: 0, outputTokens: 0, costMicroUsd: 0, durationMs: 0 };
  return {
    id: 'run_1',
    organizationId: 'org_1',
    agentId: 'agt_1',
    agentVersion: null,
    userId: 'usr_1',
    trigger: 'manual',
    status,
    retryOf: null,
    createdAt: '2026-11-26T04:00:00.000Z',
    startedAt: null,
    completedAt: null,
    totals: metrics,
    errorDetails: null,
    input: 'hi',
    limits: { maxSteps: 50, maxDurationMs: 1000, maxTokens: null, maxCostMicroUsd: null },
    executionPlan: { nodes, currentNode: null, variables: {} },
    results: { outputs: null, logs: [], metrics: { ...metrics, steps: 0, nodes: {} } },
  };
}

describe('run state', () => {
  it('shows the engine’s step statuses as the six states', () => {
    const cases: [string, Run['status'], string, PlanNode['error']?][] = [
      ['pending', 'running', 'queued'],
      ['ready', 'queued', 'queued'],
      ['running', 'running', 'running'],
      ['waiting_retry', 'running', 'retrying'],
      ['completed', 'stopped', 'completed'],
      ['failed', 'failed', 'failed', { code: 'timeout', message: 't' }],
      ['failed', 'stopped', 'stopped', { code: 'stopped', message: 's' }],
      ['skipped', 'completed', 'skipped'],
      ['not_run', 'failed', 'skipped'],
      ['not_run', 'stopped', 'stopped'],
      ['pending', 'stopped', 'stopped'],
      ['running', 'stopped', 'stopped'],
    ];
    for (const [status, runStatus, expected, error = null] of cases) {
      expect(stateOfPlanNode({ status, error }, runStatus), `${status} in a ${runStatus} run`).toBe(expected);
    }
  });

  it('streams tokens per node and moves node states forward only', () => {
    let live = applyLogEntries(emptyLiveLog, [
      log('node', 'llm', 'started', { status: 'running' }),
      log('token', 'llm', 'Red, '),
      log('token', 'llm', 'yellow'),
    ]);
    expect(live.tokens).toEqual({ llm: 'Red, yellow' });
    expect(live.states).toEqual({ llm: 'running' });
    const done = log('node', 'llm', 'completed', { status: 'completed' });
    live = applyLogEntries(live, [done]);
    // The same entry again (a resumed stream), and a stale "running": nothing changes.
    expect(applyLogEntries(live, [done])).toBe(live);
    live = applyLogEntries(live, [log('node', 'llm', 'late', { status: 'running' })]);
    expect(live.states.llm).toBe('completed');
    expect(live.entries).toHaveLength(5);
    // A retry: retrying, then running again.
    live = applyLogEntries(live, [
      log('node', 'http', 'failed, retrying', { status: 'waiting_retry' }),
      log('node', 'http', 'started', { status: 'running' }),
    ]);
    expect(live.states.http).toBe('running');
  });

  it('combines the polled run and the streamed log, whichever is ahead', () => {
    const live = applyLogEntries(emptyLiveLog, [
      log('node', 'llm', 'started', { status: 'running' }),
      log('token', 'llm', 'partial'),
    ]);
    const running = runOf('running', [
      planNode('t', 'trigger', 'completed', { output: 'hi', durationMs: 3 }),
      planNode('llm', 'llm', 'ready'),
      planNode('o', 'output', 'pending'),
    ]);
    const views = nodeViews(running, live);
    expect(views.map((view) => view.state)).toEqual(['completed', 'running', 'queued']);
    expect(views[1]?.text).toBe('partial');
    expect(views[0]?.text).toBe('hi');

    const stopped = runOf('stopped', [
      planNode('t', 'trigger', 'completed'),
      planNode('llm', 'llm', 'running'),
      planNode('o', 'output', 'not_run'),
    ]);
    expect(nodeViews(stopped, live).map((view) => view.state)).toEqual(['completed', 'stopped', 'stopped']);

    const finished = runOf('completed', [
      planNode('t', 'trigger', 'completed'),
      planNode('llm', 'llm', 'completed', { output: 'full answer', tokens: 12, costMicroUsd: 20 }),
      planNode('o', 'output', 'completed', { output: { a: 1 } }),
    ]);
    const [, llm, output] = nodeViews(finished, live);
    expect(llm).toMatchObject({ state: 'completed', text: 'full answer', tokens: 12, costMicroUsd: 20 });
    expect(output?.text).toBe('{\n  "a": 1\n}');
    expect(nodeViews(null, live)).toEqual([]);
  });

  it('shows the triggers a run did not start from, and the nodes behind them, as skipped while it runs', () => {
    const run = runOf('running', [
      planNode('hook', 'trigger', 'completed'),
      planNode('cron', 'trigger', 'skipped', { attempt: 0 }),
      planNode('fromHook', 'llm', 'running'),
      planNode('fromCron', 'output', 'skipped', { attempt: 0 }),
    ]);
    expect(nodeViews(run, emptyLiveLog).map((view) => [view.id, view.state])).toEqual([
      ['hook', 'completed'],
      ['cron', 'skipped'],
      ['fromHook', 'running'],
      ['fromCron', 'skipped'],
    ]);
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(950)).toBe('950 ms');
    expect(formatDuration(1_234)).toBe('1.23 s');
    expect(formatDuration(61_000)).toBe('61.0 s');
  });
});
