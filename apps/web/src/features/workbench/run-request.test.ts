import { describe, expect, it } from 'vitest';
import { parseRunRequest } from './run-request.ts';

describe('run form → execute request', () => {
  it('sends text input, JSON input, variables and the chosen graph', () => {
    expect(parseRunRequest({ input: 'hi', inputIsJson: false, variables: '', version: 'draft' })).toEqual({
      request: { input: 'hi', agentVersion: 'draft' },
      errors: {},
    });
    expect(
      parseRunRequest({ input: '{"n": 1}', inputIsJson: true, variables: '{"tone":"dry"}', version: '2' }).request,
    ).toEqual({ input: { n: 1 }, agentVersion: 2, variables: { tone: 'dry' } });
  });

  it('names the field that cannot be sent', () => {
    expect(parseRunRequest({ input: '{', inputIsJson: true, variables: '[1]', version: 'draft' })).toEqual({
      request: null,
      errors: {
        input: 'The input is not valid JSON',
        variables: 'Variables must be a JSON object, e.g. {"tone": "friendly"}',
      },
    });
    expect(parseRunRequest({ input: '', inputIsJson: false, variables: '{', version: 'x' }).errors).toEqual({
      variables: 'Variables must be valid JSON',
      version: 'Choose a version',
    });
  });
});
