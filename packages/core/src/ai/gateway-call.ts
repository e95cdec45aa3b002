/**
 * The steps `complete` and `stream` share: begin (prepare with its cache lookup, reservation), finish
 * (settle, cache write, ledger, alerts) and fail (release, ledger). Every path writes exactly one ledger
 * entry.
 */
import type { TransactOperation } from '../ports/item-store.ts';
import type { LlmResult, LlmStopReason } from '../ports/llm-provider.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import { sendBudgetAlerts } from './budget-alerts.ts';
import { actualAmounts, type CallAmounts, callCharges, monthField } from './call-charges.ts';
import { costOf } from './cost.ts';
import { aiCounterKey } from './keys.ts';
import { monthPeriod } from './periods.ts';
import { type CompleteInput, type PreparedCall, prepareCall } from './prepare-call.ts';
import { type Reservation, release, reserve, settle } from './reservation.ts';
import { cachedResponseWrite } from './response-cache.ts';
import { type NewUsageEntry, recordUsage, usageEntryWrite } from './usage-ledger.ts';

export interface CompletionView {
  /** The usage ledger entry of this call. */
  id: string;
  model: string;
  text: string;
  usage: { inputTokens: number; outputTokens: number };
  /** What this call cost (0 for a cache hit). */
  costMicroUsd: number;
  cached: boolean;
  /** True when the deterministic offline provider answered: not a real model's text. */
  offline: boolean;
  stopReason: LlmStopReason;
  latencyMs: number;
}

export type BegunCall =
  | { kind: 'cached'; completion: CompletionView }
  | { kind: 'live'; prepared: PreparedCall; reservation: Reservation; startedMs: number; requestId: string | null };

function baseEntry(
  actor: Actor,
  prepared: PreparedCall,
  requestId: string | null,
): Omit<NewUsageEntry, 'outcome' | 'errorCode' | 'latencyMs'> {
  return {
    orgId: actor.orgId,
    requestId,
    userId: actor.userId,
    model: prepared.model.id,
    agentId: prepared.agentId,
    runId: prepared.runId,
    inputTokens: 0,
    outputTokens: 0,
    costMicroUsd: 0,
    savedMicroUsd: 0,
    cached: false,
  };
}

async function reserveOrRecord(
  deps: AiDeps,
  actor: Actor,
  prepared: PreparedCall,
  amounts: CallAmounts,
  startedMs: number,
  requestId: string | null,
): Promise<Reservation> {
  const nowMs = deps.clock.nowMs();
  try {
    return await reserve(deps, callCharges(actor, prepared.limits, prepared.userLimits, amounts, nowMs));
  } catch (error) {
    if (isAppError(error) && (error.code === 'budget_exceeded' || error.code === 'rate_limited')) {
      await recordUsage(deps, {
        ...baseEntry(actor, prepared, requestId),
        latencyMs: deps.clock.nowMs() - startedMs,
        outcome: 'refused',
        errorCode: error.code,
      });
      if (error.details?.limit === 'monthlyBudgetMicroUsd' && error.details.scope === 'org') {
        await sendBudgetAlerts(deps, {
          organizationId: actor.orgId,
          limitMicroUsd: prepared.limits.monthlyBudgetMicroUsd,
          committedMicroUsd: Number(error.details.committed ?? 0),
          alertWebhookUrl: prepared.alertWebhookUrl,
          refused: true,
        });
      }
    }
    throw error;
  }
}

export async function beginCall(
  deps: AiDeps,
  actor: Actor,
  input: CompleteInput,
  requestId: string | null = null,
): Promise<BegunCall> {
  const startedMs = deps.clock.nowMs();
  const prepared = await prepareCall(deps, actor, input);
  const hit = prepared.cachedResponse;
  if (hit !== null) {
    // A hit reaches no provider and costs nothing, so it reserves nothing and is not counted against
    // the model limits (requests and tokens per minute and day protect the provider and the budget);
    // the HTTP rate limiter still bounds how often anyone may ask. Its ledger entry is its only write.
    const latencyMs = deps.clock.nowMs() - startedMs;
    const entry = await recordUsage(deps, {
      ...baseEntry(actor, prepared, requestId),
      savedMicroUsd: hit.costMicroUsd,
      cached: true,
      latencyMs,
      outcome: 'success',
      errorCode: null,
    });
    return {
      kind: 'cached',
      completion: {
        id: entry.id,
        model: prepared.model.id,
        text: hit.text,
        usage: { inputTokens: hit.inputTokens, outputTokens: hit.outputTokens },
        costMicroUsd: 0,
        cached: true,
        offline: hit.offline,
        stopReason: hit.stopReason,
        latencyMs,
      },
    };
  }
  const estimate: CallAmounts = {
    requests: 1,
    tokens: prepared.inputTokens + prepared.maxTokens,
    microUsd: prepared.estimateMicroUsd,
  };
  const reservation = await reserveOrRecord(deps, actor, prepared, estimate, startedMs, requestId);
  return { kind: 'live', prepared, reservation, startedMs, requestId };
}

async function alertIfDue(deps: AiDeps, actor: Actor, prepared: PreparedCall): Promise<void> {
  if (prepared.limits.monthlyBudgetMicroUsd === null) return;
  const month = monthPeriod(deps.clock.nowMs());
  const counter = await deps.store.get(aiCounterKey(actor.orgId, { kind: 'org' }, 'M', month.label));
  await sendBudgetAlerts(deps, {
    organizationId: actor.orgId,
    limitMicroUsd: prepared.limits.monthlyBudgetMicroUsd,
    committedMicroUsd: Number(counter?.data[monthField] ?? 0),
    alertWebhookUrl: prepared.alertWebhookUrl,
  });
}

export async function finishCall(
  deps: AiDeps,
  actor: Actor,
  call: Extract<BegunCall, { kind: 'live' }>,
  result: LlmResult,
): Promise<CompletionView> {
  const { prepared } = call;
  const usage = { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
  const costMicroUsd = costOf(prepared.model, usage);
  const actual: CallAmounts = { requests: 1, tokens: usage.inputTokens + usage.outputTokens, microUsd: costMicroUsd };
  const latencyMs = deps.clock.nowMs() - call.startedMs;
  const { entry, write } = usageEntryWrite(deps, {
    ...baseEntry(actor, prepared, call.requestId),
    ...usage,
    costMicroUsd,
    latencyMs,
    outcome: 'success',
    errorCode: null,
  });
  const alongside: TransactOperation[] = [write];
  if (prepared.cacheHash !== null) {
    alongside.push(
      cachedResponseWrite(deps, actor.orgId, prepared.cacheHash, {
        text: result.text,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        stopReason: result.stopReason,
        offline: result.offline,
        costMicroUsd,
        createdAt: new Date(deps.clock.nowMs()).toISOString(),
      }),
    );
  }
  // Counters, ledger entry and cache entry in one transaction: they never disagree.
  await settle(deps, call.reservation, (charge) => actualAmounts(charge, actual), alongside);
  // A call that cost nothing (the offline model) cannot have carried the spend across a threshold.
  if (costMicroUsd > 0) await alertIfDue(deps, actor, prepared);
  return {
    id: entry.id,
    model: prepared.model.id,
    text: result.text,
    usage,
    costMicroUsd,
    cached: false,
    offline: result.offline,
    stopReason: result.stopReason,
    latencyMs,
  };
}

/**
 * The provider failed. Nothing was produced: the whole reservation goes back. Part of a stream was
 * produced: the prompt and the streamed text (counted with our tokenizer) are charged, because the
 * provider bills them too.
 */
export async function failCall(
  deps: AiDeps,
  actor: Actor,
  call: Extract<BegunCall, { kind: 'live' }>,
  error: unknown,
  partialOutputTokens = 0,
): Promise<AppError> {
  const { prepared } = call;
  const charged = partialOutputTokens > 0;
  const usage = charged
    ? { inputTokens: prepared.inputTokens, outputTokens: partialOutputTokens }
    : { inputTokens: 0, outputTokens: 0 };
  const costMicroUsd = charged ? costOf(prepared.model, usage) : 0;
  const appError = isAppError(error)
    ? error
    : new AppError('upstream_failed', 'The model provider failed', {
        details: { provider: prepared.model.provider },
        cause: error,
      });
  const { write } = usageEntryWrite(deps, {
    ...baseEntry(actor, prepared, call.requestId),
    ...usage,
    costMicroUsd,
    latencyMs: deps.clock.nowMs() - call.startedMs,
    outcome: 'failure',
    errorCode: appError.code,
  });
  if (charged) {
    const actual: CallAmounts = { requests: 1, tokens: usage.inputTokens + usage.outputTokens, microUsd: costMicroUsd };
    await settle(deps, call.reservation, (charge) => actualAmounts(charge, actual), [write]);
  } else {
    await release(deps, call.reservation, [write]);
  }
  return appError;
}
