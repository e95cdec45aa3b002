import { describe, expect, it } from 'vitest';
import type { CompleteInput } from '../ai/prepare-call.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { createLlmToxicityClassifier, parseToxicityAnswer } from './llm-toxicity.ts';

const input = { organizationId: 'org_1', authorId: 'usr_1', authorTrustLevel: 0 as const, text: 'You clown.' };
const actor: Actor = { userId: 'usr_1', orgId: 'org_1', role: 'member', plan: 'free' };

describe('LLM toxicity classifier', () => {
  it('asks the gateway with the configured model and parses its JSON', async () => {
    const calls: CompleteInput[] = [];
    const classifier = createLlmToxicityClassifier({
      model: 'offline',
      actorFor: async () => actor,
      complete: async (_actor, request) => {
        calls.push(request);
        return { text: 'Sure: {"score": 0.83, "labels": ["insult", "nonsense"]}' };
      },
    });
    const result = await classifier.classify(input);
    expect(result).toEqual({ score: 0.83, labels: ['insult'], classifier: 'llm:offline' });
    expect(calls[0]?.model).toBe('offline');
    expect(calls[0]?.prompt).toContain('You clown.');
  });

  it('falls back to the lexicon when the call fails or the answer is not the JSON asked for', async () => {
    const errors: unknown[] = [];
    for (const complete of [
      async () => {
        throw new AppError('budget_exceeded', 'No budget left');
      },
      async () => ({ text: 'I think it is mildly rude.' }),
      async () => ({ text: '{"score": 7}' }),
    ]) {
      const classifier = createLlmToxicityClassifier({
        model: 'offline',
        actorFor: async () => actor,
        complete,
        onError: (e) => errors.push(e),
      });
      expect((await classifier.classify(input)).classifier).toBe('lexicon');
    }
    expect(errors).toHaveLength(3);
  });

  it('only spends calls on low-trust authors', async () => {
    let calls = 0;
    const classifier = createLlmToxicityClassifier({
      model: 'offline',
      actorFor: async () => actor,
      complete: async () => {
        calls += 1;
        return { text: '{"score":0.1,"labels":[]}' };
      },
    });
    await classifier.classify({ ...input, authorTrustLevel: 3 });
    expect(calls).toBe(0);
    await classifier.classify({ ...input, authorTrustLevel: 1 });
    expect(calls).toBe(1);
  });

  it('parses only well-formed answers', () => {
    expect(parseToxicityAnswer('{"score":0,"labels":[]}')).toEqual({ score: 0, labels: [] });
    expect(parseToxicityAnswer('{"score":-1}')).toBeNull();
    expect(parseToxicityAnswer('{oops}')).toBeNull();
    expect(parseToxicityAnswer('no json')).toBeNull();
  });
});
