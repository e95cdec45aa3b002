/**
 * Everything a call is checked for before any counter or provider is touched: permission, input,
 * model and plan, and the request's size counted with the tokenizer.
 *
 * Over-long prompts are REJECTED (invalid_input naming counted and allowed tokens), never truncated:
 * cutting messages silently changes what the model is asked, and the caller cannot tell which answer
 * they paid for. The limit covers the whole request, prompt tokens plus `maxTokens` of output,
 * because that is what the reservation must be able to pay for.
 */
import { can } from '../identity/roles.ts';
import { checkLlmRequest, type LlmMessage, type LlmRequest } from '../ports/llm-provider.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import {
  type AiLimitsRecord,
  effectiveLimits,
  effectiveUserLimits,
  type OrgLimits,
  type UserLimits,
} from './ai-limits.ts';
import { costOf } from './cost.ts';
import { readLimitsRecord } from './get-limits.ts';
import { aiCacheKey, aiLimitsKey } from './keys.ts';
import { type CatalogModel, findModel, isModelAllowedForPlan } from './model-catalog.ts';
import { type CachedResponse, cacheHash } from './response-cache.ts';
import { countPromptTokens, loadTokenizer } from './token-count.ts';

export interface CompleteInput {
  /** Our catalog id. */
  model: string;
  /** Either `messages` or `prompt` (a single user message). */
  messages?: LlmMessage[];
  prompt?: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  /** `false` skips the response cache for this request (neither read nor written). */
  cache?: boolean;
  /** Set by the workbench engine so usage can be grouped by agent and run. */
  agentId?: string;
  runId?: string;
}

export interface PreparedCall {
  model: CatalogModel;
  request: Omit<LlmRequest, 'signal'>;
  inputTokens: number;
  maxTokens: number;
  /** Worst case: every allowed output token is produced. */
  estimateMicroUsd: number;
  limits: OrgLimits;
  userLimits: UserLimits;
  alertWebhookUrl: string | null;
  /** `null` when the request opted out of the cache. */
  cacheHash: string | null;
  /** The organisation's cached answer to this exact request, read with the limits; `null` on a miss or opt-out. */
  cachedResponse: CachedResponse | null;
  agentId: string | null;
  runId: string | null;
}

/** Characters refused before tokenizing at all, so a huge body cannot make the tokenizer the bottleneck. */
export const maxPromptChars = 2_000_000;
const refPattern = /^[A-Za-z0-9_-]{1,64}$/;

function optionalRef(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !refPattern.test(value)) {
    throw AppError.invalidInput(`${field} must be 1 to 64 letters, digits, _ or -`, { field });
  }
  return value;
}

function messagesOf(input: CompleteInput): LlmMessage[] {
  if (input.messages !== undefined && input.prompt !== undefined) {
    throw AppError.invalidInput('Send either messages or prompt, not both', { field: 'messages' });
  }
  if (input.prompt !== undefined) {
    if (typeof input.prompt !== 'string' || input.prompt === '') {
      throw AppError.invalidInput('prompt must be a non-empty string', { field: 'prompt' });
    }
    return [{ role: 'user', content: input.prompt }];
  }
  if (!Array.isArray(input.messages))
    throw AppError.invalidInput('messages or prompt is required', { field: 'messages' });
  return input.messages.map((m) => ({ role: m?.role, content: m?.content }));
}

async function readLimitsAndCache(
  deps: AiDeps,
  orgId: string,
  hash: string | null,
): Promise<{ record: AiLimitsRecord | undefined; cachedResponse: CachedResponse | null }> {
  if (hash === null) return { record: await readLimitsRecord(deps, orgId), cachedResponse: null };
  const limitsKey = aiLimitsKey(orgId);
  let record: AiLimitsRecord | undefined;
  let cachedResponse: CachedResponse | null = null;
  for (const item of await deps.store.getMany([limitsKey, aiCacheKey(orgId, hash)])) {
    if (item.pk === limitsKey.pk && item.sk === limitsKey.sk) record = item.data as AiLimitsRecord;
    else cachedResponse = item.data as CachedResponse;
  }
  return { record, cachedResponse };
}

export async function prepareCall(deps: AiDeps, actor: Actor, input: CompleteInput): Promise<PreparedCall> {
  if (!can(actor.role, 'ai:complete')) throw AppError.forbidden('ai:complete');
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('A body is required');
  if (typeof input.model !== 'string' || input.model === '') {
    throw AppError.invalidInput('model is required', { field: 'model' });
  }
  const model = findModel(deps.catalog, input.model);
  if (!model) throw AppError.invalidInput(`Unknown model ${input.model}`, { field: 'model', model: input.model });
  if (!isModelAllowedForPlan(model, actor.plan)) {
    throw AppError.forbidden('ai:model', `Model ${model.id} is not included in the ${actor.plan} plan`);
  }
  if (input.system !== undefined && typeof input.system !== 'string') {
    throw AppError.invalidInput('system must be a string', { field: 'system' });
  }
  if (input.cache !== undefined && typeof input.cache !== 'boolean') {
    throw AppError.invalidInput('cache must be true or false', { field: 'cache' });
  }
  const agentId = optionalRef('agentId', input.agentId);
  const runId = optionalRef('runId', input.runId);
  const messages = messagesOf(input);
  const system = input.system === '' ? undefined : input.system;
  const maxTokens = input.maxTokens ?? Math.min(deps.settings.defaultMaxTokens, model.maxOutputTokens);
  const request: Omit<LlmRequest, 'signal'> = { model: model.providerModelId, messages, maxTokens };
  if (system !== undefined) request.system = system;
  if (input.temperature !== undefined) request.temperature = input.temperature;
  if (input.stop !== undefined) request.stop = input.stop;
  checkLlmRequest(request);
  if (maxTokens > model.maxOutputTokens) {
    throw AppError.invalidInput(`maxTokens may be at most ${model.maxOutputTokens} for ${model.id}`, {
      field: 'maxTokens',
    });
  }

  const chars = (system?.length ?? 0) + messages.reduce((sum, m) => sum + m.content.length, 0);
  if (chars > maxPromptChars) {
    throw new AppError(
      'payload_too_large',
      `The prompt has ${chars} characters; at most ${maxPromptChars} are accepted`,
    );
  }
  const hash =
    input.cache === false
      ? null
      : cacheHash({ model: model.id, system, messages, maxTokens, temperature: input.temperature, stop: input.stop });
  // One read for the limits and the cached answer; the answer is served only once the checks below pass.
  const { record, cachedResponse } = await readLimitsAndCache(deps, actor.orgId, hash);
  const limits = effectiveLimits(actor.plan, record);
  await loadTokenizer();
  const inputTokens = countPromptTokens({ system, messages });
  const requested = inputTokens + maxTokens;
  const perRequest = limits.maxTokensPerRequest;
  if (perRequest !== null && requested > perRequest) {
    throw AppError.invalidInput(
      `The request needs ${requested} tokens (${inputTokens} counted in the prompt + maxTokens ${maxTokens}); at most ${perRequest} are allowed per request`,
      { field: 'messages', countedTokens: inputTokens, maxTokens, allowedTokens: perRequest },
    );
  }
  if (requested > model.contextWindow) {
    throw AppError.invalidInput(
      `The request needs ${requested} tokens (${inputTokens} counted in the prompt + maxTokens ${maxTokens}); ${model.id} takes at most ${model.contextWindow}`,
      { field: 'messages', countedTokens: inputTokens, maxTokens, allowedTokens: model.contextWindow },
    );
  }
  return {
    model,
    request,
    inputTokens,
    maxTokens,
    estimateMicroUsd: costOf(model, { inputTokens, outputTokens: maxTokens }),
    limits,
    userLimits: effectiveUserLimits(record),
    alertWebhookUrl: record?.alertWebhookUrl ?? null,
    cacheHash: hash,
    cachedResponse,
    agentId,
    runId,
  };
}
