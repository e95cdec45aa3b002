import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { issuesOf, messagesForNode, sortIssues, workbenchErrorMessage } from './graph-issues.ts';

const saveRefusal = new ApiError(400, 'invalid_input', 'The graph has 5 problem(s): …', 'req-1', {
  field: 'graph',
  issues: [
    { nodeId: 'cond', field: 'expression', message: 'Expected ")" at column 12' },
    { nodeId: 'web', field: 'headers.X Bad', message: '"X Bad" is not a valid header name' },
    { nodeId: 'web', field: 'retry.maxAttempts', message: 'maxAttempts must be 1 to 10' },
    { nodeId: 'out', field: 'input', message: 'The node is not connected: nothing leads into it' },
    {
      nodeId: 'e-c-3',
      field: 'sourceHandle',
      message: 'An edge leaving condition c must start at its true or false handle',
    },
    { nodeId: 'graph', field: 'type', message: 'A graph needs a trigger node' },
    { nodeId: 'ghost', field: 'id', message: 'Another node has the same id' },
    { nodeId: 'cond', field: 'expression', message: 'a second message for the same field' },
    'not an issue',
  ],
});

describe('save-time issues', () => {
  it('reads the issues of an invalid_input refusal, and none from other errors', () => {
    expect(issuesOf(saveRefusal)).toHaveLength(8);
    expect(issuesOf(new ApiError(409, 'conflict', 'stale', null))).toEqual([]);
    expect(issuesOf(new Error('x'))).toEqual([]);
  });

  it('sorts them to the field, the node, the edge or the whole graph', () => {
    const types = new Map([
      ['cond', 'condition'],
      ['web', 'http'],
      ['out', 'output'],
    ]);
    const sorted = sortIssues(issuesOf(saveRefusal), types, new Set(['e-c-3']));
    expect(sorted.count).toBe(8);
    expect(Object.fromEntries(sorted.fields.get('cond') ?? [])).toEqual({ expression: 'Expected ")" at column 12' });
    expect(Object.fromEntries(sorted.fields.get('web') ?? [])).toEqual({
      headers: '"X Bad" is not a valid header name',
      'retry.maxAttempts': 'maxAttempts must be 1 to 10',
    });
    expect(sorted.nodes.get('out')).toEqual(['The node is not connected: nothing leads into it']);
    expect(sorted.edges.get('e-c-3')).toEqual(['An edge leaving condition c must start at its true or false handle']);
    expect(sorted.graph).toEqual(['A graph needs a trigger node', 'ghost: Another node has the same id']);
    expect(messagesForNode(sorted, 'web')).toHaveLength(2);
    expect(messagesForNode(sorted, 'out')).toEqual(['The node is not connected: nothing leads into it']);
  });

  it('keeps the server sentence for quotas, stale edits and monthly runs; plain words otherwise', () => {
    const quota = new ApiError(403, 'forbidden', 'The free plan allows 3 agents; delete one or upgrade', null, {
      reason: 'quota',
      quota: 'maxAgents',
    });
    expect(workbenchErrorMessage(quota)).toBe('The free plan allows 3 agents; delete one or upgrade');
    const runs = new ApiError(402, 'budget_exceeded', 'The free plan allows 100 runs a month', null, {
      quota: 'runsPerMonth',
    });
    expect(workbenchErrorMessage(runs)).toBe('The free plan allows 100 runs a month');
    const stale = new ApiError(409, 'conflict', 'The agent was changed since you loaded it', null);
    expect(workbenchErrorMessage(stale)).toBe('The agent was changed since you loaded it');
    expect(workbenchErrorMessage(saveRefusal)).toBe('The agent was not saved: The graph has 5 problem(s): …');
    expect(workbenchErrorMessage(new ApiError(403, 'forbidden', 'agent:publish', null))).toBe(
      'You do not have permission to do this in this organisation.',
    );
  });
});
