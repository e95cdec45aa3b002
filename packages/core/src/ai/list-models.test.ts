import { describe, expect, it } from 'vitest';
import type { LlmProvider } from '../ports/llm-provider.ts';
import { AppError } from '../shared/errors.ts';
import { createAiTestKit, haiku as haikuId, testActor } from './ai-test-kit.ts';
import { listModels } from './list-models.ts';
import type { CatalogModel } from './model-catalog.ts';

describe('listModels', () => {
  it("marks each model of the plan available or not, by the gateway's own provider choice", () => {
    const kit = createAiTestKit();
    const providerFor = (model: CatalogModel): LlmProvider => {
      if (model.provider === 'offline') return kit.llm;
      throw new AppError('unavailable', `Model ${model.id} is not available on this server: configure it`);
    };
    const models = listModels({ ...kit.deps, providerFor }, testActor());
    const offline = models.find((m) => m.id === 'offline');
    const haiku = models.find((m) => m.id === haikuId);
    expect(offline).toMatchObject({ available: true, unavailableReason: null });
    expect(haiku).toMatchObject({ available: false });
    expect(haiku?.unavailableReason).toMatch(/not available on this server: configure it/);
  });

  it('passes on an error that is not about configuration', () => {
    const kit = createAiTestKit();
    const providerFor = (): LlmProvider => {
      throw new Error('bug');
    };
    expect(() => listModels({ ...kit.deps, providerFor }, testActor())).toThrow('bug');
  });
});
