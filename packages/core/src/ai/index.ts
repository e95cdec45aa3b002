/**
 * AI gateway (DESIGN §8): model catalog, limits, reservation-based budget enforcement, response cache
 * and usage ledger in front of the LlmProvider port. `createAiGateway` binds the use cases to their
 * dependencies; the API calls the facade and never the store.
 */

import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { LlmProvider } from '../ports/llm-provider.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { deleteAiAccount, exportAiAccount } from './account-data.ts';
import type { AiDeps } from './ai-deps.ts';
import type { AlertEvent } from './budget-alerts.ts';
import { type CallOptions, complete } from './complete.ts';
import type { CompletionView } from './gateway-call.ts';
import { type AiLimitsView, getLimits } from './get-limits.ts';
import { type GetUsageInput, getUsage, type UsageReport } from './get-usage.ts';
import { listModels, type ModelView } from './list-models.ts';
import { type CatalogModel, defaultModelCatalog } from './model-catalog.ts';
import type { CompleteInput } from './prepare-call.ts';
import { type CompletionStreamEvent, stream } from './stream.ts';
import { type UpdateLimitsInput, updateLimits } from './update-limits.ts';

export interface AiGatewayOptions {
  store: ItemStore;
  providerFor(model: CatalogModel): LlmProvider;
  notifyAlert(event: AlertEvent): Promise<void>;
  clock?: Clock;
  ids?: Ids;
  catalog?: readonly CatalogModel[];
  /** Defaults to one hour. */
  cacheTtlSeconds?: number;
  /** Defaults to 1024. */
  defaultMaxTokens?: number;
}

export interface AiGateway {
  listModels(actor: Actor): ModelView[];
  complete(actor: Actor, input: CompleteInput, options?: CallOptions): Promise<CompletionView>;
  stream(actor: Actor, input: CompleteInput, options?: CallOptions): AsyncGenerator<CompletionStreamEvent>;
  getLimits(actor: Actor): Promise<AiLimitsView>;
  updateLimits(actor: Actor, input: UpdateLimitsInput): Promise<AiLimitsView>;
  getUsage(actor: Actor, input: GetUsageInput): Promise<UsageReport>;
  /** Identity's account extensions: the user's calls in the export; their counters and deleted organisations' data removed. */
  exportAccount(context: AccountExportContext): Promise<unknown>;
  deleteAccount(context: AccountDeletionContext): Promise<void>;
}

export function createAiDeps(options: AiGatewayOptions): AiDeps {
  const clock = options.clock ?? systemClock;
  const cacheTtlSeconds = options.cacheTtlSeconds ?? 3600;
  const defaultMaxTokens = options.defaultMaxTokens ?? 1024;
  if (!Number.isSafeInteger(cacheTtlSeconds) || cacheTtlSeconds < 1) throw new Error('cacheTtlSeconds must be ≥ 1');
  if (!Number.isSafeInteger(defaultMaxTokens) || defaultMaxTokens < 1) throw new Error('defaultMaxTokens must be ≥ 1');
  return {
    store: options.store,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    catalog: options.catalog ?? defaultModelCatalog,
    providerFor: options.providerFor,
    notifyAlert: options.notifyAlert,
    settings: { cacheTtlSeconds, defaultMaxTokens },
  };
}

export function createAiGateway(options: AiGatewayOptions): AiGateway {
  const deps = createAiDeps(options);
  return {
    listModels: (actor) => listModels(deps, actor),
    complete: (actor, input, callOptions) => complete(deps, actor, input, callOptions),
    stream: (actor, input, callOptions) => stream(deps, actor, input, callOptions),
    getLimits: (actor) => getLimits(deps, actor),
    updateLimits: (actor, input) => updateLimits(deps, actor, input),
    getUsage: (actor, input) => getUsage(deps, actor, input),
    exportAccount: (context) => exportAiAccount(deps, context),
    deleteAccount: (context) => deleteAiAccount(deps, context),
  };
}

export type { AiDeps, AiSettings } from './ai-deps.ts';
export {
  type AiLimitsRecord,
  effectiveLimits,
  type OrgLimitName,
  type OrgLimits,
  orgLimitNames,
  planLimits,
  type UserLimitName,
  type UserLimits,
  userLimitNames,
} from './ai-limits.ts';
export { type AlertEvent, type AlertThreshold, alertThresholds } from './budget-alerts.ts';
export type { CallOptions } from './complete.ts';
export { costOf, type TokenUsage } from './cost.ts';
export type { CompletionView } from './gateway-call.ts';
export type { AiLimitsView } from './get-limits.ts';
export {
  type GetUsageInput,
  maxUsageRangeMs,
  type UsageGroup,
  type UsageGrouping,
  type UsageReport,
  type UsageTotals,
  usageGroupings,
} from './get-usage.ts';
export type { ModelView } from './list-models.ts';
export {
  type CatalogModel,
  defaultModelCatalog,
  findModel,
  isModelAllowedForPlan,
  type ModelProviderKind,
  modelProviders,
  modelsForPlan,
} from './model-catalog.ts';
export { type CompleteInput, maxPromptChars } from './prepare-call.ts';
export type { CompletionStreamEvent } from './stream.ts';
export { countPromptTokens, countTokens, loadTokenizer, warmTokenizer } from './token-count.ts';
export type { UpdateLimitsInput } from './update-limits.ts';
export type { UsageEntry, UsageOutcome } from './usage-ledger.ts';
