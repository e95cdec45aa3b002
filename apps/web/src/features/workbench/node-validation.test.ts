import { describe, expect, it } from 'vitest';
import { graphIssues, nodeIssues } from './node-validation.ts';

const fields = (issues: { field: string }[]) => issues.map((issue) => issue.field);

describe('the builder’s own checks', () => {
  it('accepts the palette defaults of every type', () => {
    for (const [type, data] of Object.entries({
      trigger: { triggerType: 'manual' },
      llm: { prompt: '{{input}}' },
      http: { method: 'GET', url: 'https://example.com/' },
      transform: { expression: 'input' },
      condition: { expression: 'true' },
      output: { outputFormat: 'text' },
    })) {
      expect(nodeIssues({ id: 'n', type, data })).toEqual([]);
    }
  });

  it('names the field of each mistake', () => {
    expect(fields(nodeIssues({ id: 'n', type: 'llm', data: { prompt: ' ', temperature: 3, maxTokens: 1.5 } }))).toEqual(
      ['prompt', 'temperature', 'maxTokens'],
    );
    expect(fields(nodeIssues({ id: 'n', type: 'llm', data: { prompt: 'x', temperature: '0,5' } }))).toEqual([
      'temperature',
    ]);
    expect(fields(nodeIssues({ id: 'n', type: 'trigger', data: { triggerType: 'scheduled' } }))).toEqual(['cron']);
    expect(fields(nodeIssues({ id: 'n', type: 'output', data: { outputFormat: 'html' } }))).toEqual(['outputFormat']);
    expect(
      fields(
        nodeIssues({
          id: 'n',
          type: 'http',
          data: {
            method: 'GET',
            url: 'ftp://x',
            body: 'hi',
            headers: '{nope',
            maxResponseBytes: 0,
            timeoutMs: 200_000,
          },
        }),
      ),
    ).toEqual(['timeoutMs', 'url', 'headers', 'body', 'maxResponseBytes']);
    expect(fields(nodeIssues({ id: 'n', type: 'http', data: { url: 'https://x/{{input}}' } }))).toEqual([]);
    expect(fields(nodeIssues({ id: 'n', type: 'condition', data: { retry: { maxAttempts: 11 } } }))).toEqual([
      'retry.maxAttempts',
      'expression',
    ]);
    expect(fields(nodeIssues({ id: 'n', type: 'mystery', data: {} }))).toEqual(['type']);
  });

  it('checks the graph: a trigger, every node reached, branches on condition edges', () => {
    const nodes = [
      { id: 't', type: 'trigger', data: {} },
      { id: 'c', type: 'condition', data: { expression: 'true' } },
      { id: 'o', type: 'output', data: {} },
      { id: 'lonely', type: 'output', data: {} },
    ];
    const issues = graphIssues(nodes, [
      { id: 'e1', source: 't', target: 'c' },
      { id: 'e2', source: 'c', target: 'o' },
    ]);
    expect(issues.map((issue) => `${issue.nodeId}.${issue.field}`)).toEqual(['lonely.input', 'e2.sourceHandle']);
    expect(graphIssues([], [])[0]).toMatchObject({ nodeId: 'graph', field: 'type' });
    // A webhook and a schedule trigger side by side are fine: each event starts its own.
    const twoTriggers = [
      { id: 'hook', type: 'trigger', data: { triggerType: 'webhook' } },
      { id: 'cron', type: 'trigger', data: { triggerType: 'scheduled', cron: '0 9 * * *' } },
      { id: 'o', type: 'output', data: {} },
    ];
    expect(
      graphIssues(twoTriggers, [
        { id: 'e1', source: 'hook', target: 'o' },
        { id: 'e2', source: 'cron', target: 'o' },
      ]),
    ).toEqual([]);
  });
});
