/**
 * Wire schemas of the AI gateway routes (issue 6): models, completions (JSON or SSE), usage, limits.
 * Money is integer micro-USD (1 USD = 1 000 000) everywhere, so sums never round.
 */
import { z } from 'zod';

export const AiModel = z
  .object({
    id: z.string(),
    provider: z.enum(['bedrock', 'openai-compatible', 'offline']),
    displayName: z.string(),
    inputMicroUsdPerMillion: z.number().int(),
    outputMicroUsdPerMillion: z.number().int(),
    contextWindow: z.number().int(),
    maxOutputTokens: z.number().int(),
    tier: z.string(),
    /** False when this server has no provider configured for the model; calling it answers 503 `unavailable`. */
    available: z.boolean(),
    /** What the operator has to configure, when not available. */
    unavailableReason: z.string().nullable(),
  })
  .meta({ id: 'AiModel' });
export type AiModel = z.infer<typeof AiModel>;

export const AiModelList = z.object({ items: z.array(AiModel) }).meta({ id: 'AiModelList' });
export type AiModelList = z.infer<typeof AiModelList>;

export const AiMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().min(1),
});
export type AiMessage = z.infer<typeof AiMessage>;

export const AiCompleteRequest = z
  .object({
    /** A catalog id from `GET /api/ai/models`. */
    model: z.string().min(1).max(128),
    /** Oldest first, starting with the user's; or send `prompt` instead. */
    messages: z.array(AiMessage).min(1).max(1000).optional(),
    prompt: z.string().min(1).optional(),
    system: z.string().optional(),
    maxTokens: z.number().int().min(1).max(200_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    stop: z.array(z.string().min(1)).max(4).optional(),
    /** `false` neither reads nor writes the response cache. Default true. */
    cache: z.boolean().optional(),
    /** `true` answers with Server-Sent Events: `token` events, then one `done` (or `error`). */
    stream: z.boolean().optional(),
  })
  .meta({ id: 'AiCompleteRequest' });
export type AiCompleteRequest = z.infer<typeof AiCompleteRequest>;

export const AiCompletion = z
  .object({
    /** The usage ledger entry of this call. */
    id: z.string(),
    model: z.string(),
    text: z.string(),
    usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
    /** 0 for a cache hit. */
    costMicroUsd: z.number().int(),
    cached: z.boolean(),
    /** True when the deterministic offline model answered: not a real model's text. */
    offline: z.boolean(),
    stopReason: z.enum(['end', 'max_tokens', 'stop_sequence']),
    latencyMs: z.number(),
  })
  .meta({ id: 'AiCompletion' });
export type AiCompletion = z.infer<typeof AiCompletion>;

/** The data of an SSE `token` event. */
export const AiTokenEvent = z.object({ text: z.string() }).meta({ id: 'AiTokenEvent' });
export type AiTokenEvent = z.infer<typeof AiTokenEvent>;

export const aiUsageGroupings = ['day', 'user', 'model', 'agent'] as const;

export const AiUsageQuery = z.object({
  /** ISO date or date-time, inclusive. */
  from: z.string().min(10).max(40),
  /** ISO date or date-time, exclusive; at most 366 days after `from`. */
  to: z.string().min(10).max(40),
  groupBy: z.enum(aiUsageGroupings).default('day'),
});
export type AiUsageQuery = z.infer<typeof AiUsageQuery>;

const usageTotals = {
  requests: z.number().int(),
  cachedRequests: z.number().int(),
  failedRequests: z.number().int(),
  refusedRequests: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costMicroUsd: z.number().int(),
  /** What cache hits would have cost. */
  savedMicroUsd: z.number().int(),
};

export const AiUsageReport = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(aiUsageGroupings),
    totals: z.object(usageTotals),
    /** `key`: the day (yyyy-mm-dd), user id, model id or agent id (null outside any agent). */
    groups: z.array(z.object({ key: z.string().nullable(), ...usageTotals })),
    budget: z.object({
      month: z.string(),
      limitMicroUsd: z.number().int().nullable(),
      usedMicroUsd: z.number().int(),
      remainingMicroUsd: z.number().int().nullable(),
    }),
  })
  .meta({ id: 'AiUsageReport' });
export type AiUsageReport = z.infer<typeof AiUsageReport>;

/** `null` = unlimited. */
const limitValue = z.number().int().nullable();
export const AiOrgLimits = z.object({
  requestsPerMinute: limitValue,
  tokensPerMinute: limitValue,
  maxTokensPerRequest: limitValue,
  tokensPerDay: limitValue,
  monthlyBudgetMicroUsd: limitValue,
});
export const AiUserLimits = z.object({
  requestsPerMinute: limitValue,
  tokensPerDay: limitValue,
  monthlyBudgetMicroUsd: limitValue,
});

const setLimit = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional();

export const AiLimits = z
  .object({
    organizationId: z.string(),
    plan: z.string(),
    planDefaults: AiOrgLimits,
    /** The most an organisation admin may set. */
    maximum: AiOrgLimits,
    ceilings: z.record(z.string(), z.number().int()),
    overrides: z.record(z.string(), z.number().int()),
    /** What is enforced now. */
    effective: AiOrgLimits,
    perUser: AiUserLimits,
    alertWebhookUrl: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'AiLimits' });
export type AiLimits = z.infer<typeof AiLimits>;

export const AiUpdateLimitsRequest = z
  .object({
    /** `organization` (default): admins lower limits. `platform`: platform admins set ceilings, up or down. */
    scope: z.enum(['organization', 'platform']).optional(),
    /** A number sets a limit; `null` goes back to the default. */
    limits: z
      .object({
        requestsPerMinute: setLimit,
        tokensPerMinute: setLimit,
        maxTokensPerRequest: setLimit,
        tokensPerDay: setLimit,
        monthlyBudgetMicroUsd: setLimit,
      })
      .strict()
      .optional(),
    perUser: z
      .object({ requestsPerMinute: setLimit, tokensPerDay: setLimit, monthlyBudgetMicroUsd: setLimit })
      .strict()
      .optional(),
    alertWebhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable()
      .optional(),
  })
  .meta({ id: 'AiUpdateLimitsRequest' });
export type AiUpdateLimitsRequest = z.infer<typeof AiUpdateLimitsRequest>;

/** Platform administration: set an organisation's AI ceilings (replace its plan's defaults, up or down). */
export const AiSetCeilingsRequest = z
  .object({
    limits: z
      .object({
        requestsPerMinute: setLimit,
        tokensPerMinute: setLimit,
        maxTokensPerRequest: setLimit,
        tokensPerDay: setLimit,
        monthlyBudgetMicroUsd: setLimit,
      })
      .strict(),
  })
  .meta({ id: 'AiSetCeilingsRequest' });
export type AiSetCeilingsRequest = z.infer<typeof AiSetCeilingsRequest>;
