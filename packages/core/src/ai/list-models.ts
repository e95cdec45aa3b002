import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, isAppError } from '../shared/errors.ts';
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
  /** Whether this server has a provider for the model (the offline model always; others by configuration). */
  available: boolean;
  /** When not available: what the operator has to configure, in the gateway's own words. */
  unavailableReason: string | null;
}

/**
 * Asks the gateway's own provider choice, so the list and a call never disagree: `providerFor` answers
 * `unavailable` for a model whose provider is not configured (it creates no SDK client; see deps.ts).
 */
function availabilityOf(deps: AiDeps, model: CatalogModel): Pick<ModelView, 'available' | 'unavailableReason'> {
  try {
    deps.providerFor(model);
    return { available: true, unavailableReason: null };
  } catch (error) {
    if (isAppError(error) && error.code === 'unavailable')
      return { available: false, unavailableReason: error.message };
    throw error;
  }
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
    ...availabilityOf(deps, model),
  }));
}
