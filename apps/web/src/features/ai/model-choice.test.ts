import { describe, expect, it } from 'vitest';
import { defaultModel } from './model-choice.ts';

describe('defaultModel', () => {
  it('starts on the first model this server can call, not the first of the list', () => {
    const models = [
      { id: 'haiku', available: false },
      { id: 'llama', available: false },
      { id: 'offline', available: true },
    ];
    expect(defaultModel(models)?.id).toBe('offline');
  });

  it('falls back to the first model when none is available, and to nothing for an empty list', () => {
    expect(defaultModel([{ id: 'haiku', available: false }])?.id).toBe('haiku');
    expect(defaultModel([])).toBeUndefined();
  });
});
