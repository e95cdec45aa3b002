/**
 * The model catalog as data (DESIGN §8). Our `id` is what clients send; `providerModelId` is what the
 * provider is called with. Prices are integer micro-USD per million tokens (1 USD = 1 000 000), from
 * the public AWS Bedrock on-demand price list for us-east-1; a deployment may pass its own catalog.
 * Plans reach models through `tier` (`PlanQuotas.allowedModelTiers`), never by model id.
 */
import type { ModelTier, PlanId } from '../identity/plans.ts';
import { quotasByPlan } from '../identity/plans.ts';

export const modelProviders = ['bedrock', 'openai-compatible', 'offline'] as const;
export type ModelProviderKind = (typeof modelProviders)[number];

export interface CatalogModel {
  id: string;
  provider: ModelProviderKind;
  providerModelId: string;
  displayName: string;
  /** Micro-USD per million input tokens. */
  inputMicroUsdPerMillion: number;
  /** Micro-USD per million output tokens. */
  outputMicroUsdPerMillion: number;
  /** Input plus output tokens the model accepts. */
  contextWindow: number;
  maxOutputTokens: number;
  tier: ModelTier;
}

export const defaultModelCatalog: readonly CatalogModel[] = [
  {
    id: 'anthropic.claude-3-haiku-20240307-v1:0',
    provider: 'bedrock',
    providerModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    displayName: 'Claude 3 Haiku',
    inputMicroUsdPerMillion: 250_000,
    outputMicroUsdPerMillion: 1_250_000,
    contextWindow: 200_000,
    maxOutputTokens: 4_096,
    tier: 'small',
  },
  {
    id: 'meta.llama3-1-8b-instruct-v1:0',
    provider: 'bedrock',
    providerModelId: 'meta.llama3-1-8b-instruct-v1:0',
    displayName: 'Llama 3.1 8B Instruct',
    inputMicroUsdPerMillion: 220_000,
    outputMicroUsdPerMillion: 220_000,
    contextWindow: 128_000,
    maxOutputTokens: 2_048,
    tier: 'small',
  },
  {
    id: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    provider: 'bedrock',
    providerModelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    displayName: 'Claude 3.5 Haiku',
    inputMicroUsdPerMillion: 800_000,
    outputMicroUsdPerMillion: 4_000_000,
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    tier: 'medium',
  },
  {
    id: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    provider: 'bedrock',
    providerModelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    displayName: 'Claude 3.5 Sonnet',
    inputMicroUsdPerMillion: 3_000_000,
    outputMicroUsdPerMillion: 15_000_000,
    contextWindow: 200_000,
    maxOutputTokens: 4_096,
    tier: 'large',
  },
  {
    id: 'offline',
    provider: 'offline',
    providerModelId: 'offline',
    displayName: 'Offline (deterministic, not a real model)',
    inputMicroUsdPerMillion: 0,
    outputMicroUsdPerMillion: 0,
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
    tier: 'small',
  },
];

export function findModel(catalog: readonly CatalogModel[], id: string): CatalogModel | undefined {
  return catalog.find((model) => model.id === id);
}

export function isModelAllowedForPlan(model: CatalogModel, plan: PlanId): boolean {
  return quotasByPlan[plan].allowedModelTiers.includes(model.tier);
}

export function modelsForPlan(catalog: readonly CatalogModel[], plan: PlanId): CatalogModel[] {
  return catalog.filter((model) => isModelAllowedForPlan(model, plan));
}
