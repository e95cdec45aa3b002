import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import { type CatalogModel, modelsForPlan } from './model-catalog.ts';

export interface ModelView {
  id: string;
  provider: CatalogModel['provider'];
  displayName: string;
  inputMicroUsdPerMillion: number;
  outputMicroUsdPerMillion: number;
  contextWindow: number;
  maxOutputTokens: number;
  tier: CatalogModel['tier'];
}

/** The catalog models the actor's plan allows. */
export function listModels(deps: AiDeps, actor: Actor): ModelView[] {
  if (!can(actor.role, 'ai:models_read')) throw AppError.forbidden('ai:models_read');
  return modelsForPlan(deps.catalog, actor.plan).map((model) => ({
    id: model.id,
    provider: model.provider,
    displayName: model.displayName,
    inputMicroUsdPerMillion: model.inputMicroUsdPerMillion,
    outputMicroUsdPerMillion: model.outputMicroUsdPerMillion,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    tier: model.tier,
  }));
}
