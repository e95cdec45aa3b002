import { afterEach, describe, expect, it } from 'vitest';
import type { RunView } from '../views.ts';
import { actorIn, createKit, edge, eventually, node } from '../workbench-test-kit.ts';
import { createConditionNodeExecutor } from './condition.ts';
import { createTransformNodeExecutor } from './transform.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

describe('engine with transform and condition', () => {
  it('runs trigger → transform → condition → true/false outputs', async () => {
    const kit = createKit({ extra: [createTransformNodeExecutor(), createConditionNodeExecutor()] });
    stops.push(kit.startWorkers());
    const actor = actorIn('org_a');
    const graph = {
      nodes: [
        node('t', 'trigger'),
        node('x', 'transform', { expression: '{ "total": $sum(input.items.price), "who": vars.who }' }),
        node('c', 'condition', { expression: 'input.total > 10' }),
        node('big', 'output', { outputFormat: 'json' }),
        node('small', 'output', { outputFormat: 'json' }),
      ],
      edges: [edge('t', 'x'), edge('x', 'c'), edge('c', 'big', 'true'), edge('c', 'small', 'false')],
    };
    const agent = await kit.workbench.createAgent(actor, { name: 'Totals', graph });
    for (const [prices, expected] of [
      [[5, 9], 'big'],
      [[1, 2], 'small'],
    ] as const) {
      const started = await kit.workbench.execute(actor, agent.id, {
        input: { items: prices.map((price) => ({ price })) },
        variables: { who: 'Ana' },
      });
      let run: RunView = started;
      await eventually(async () => {
        run = await kit.workbench.getRun(actor, started.id);
        return ['completed', 'failed', 'stopped'].includes(run.status);
      });
      expect(run.status).toBe('completed');
      expect(Object.keys(run.results.outputs ?? {})).toEqual([expected]);
    }
  });

  it('refuses to save a graph with a bad expression, naming node and field', async () => {
    const kit = createKit({ extra: [createTransformNodeExecutor(), createConditionNodeExecutor()] });
    const actor = actorIn('org_a');
    const graph = {
      nodes: [node('t', 'trigger'), node('x', 'transform', { expression: 'input.a +' })],
      edges: [edge('t', 'x')],
    };
    const error = await kit.workbench.createAgent(actor, { name: 'Bad', graph }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('invalid_input');
  });
});
