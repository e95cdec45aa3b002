/**
 * The steps `complete` and `stream` share: begin (prepare, cache lookup, reservation), finish (settle,
 * cache write, ledger, alerts) and fail (release, ledger). Every path writes exactly one ledger entry.
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
import { cachedResponseWrite, readCachedResponse } from './response-cache.ts';
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
  | { kind: 'live'; prepared: PreparedCall; reservation: Reservation; startedMs: number };

function baseEntry(actor: Actor, prepared: PreparedCall): Omit<NewUsageEntry, 'outcome' | 'errorCode' | 'latencyMs'> {
  return {
    orgId: actor.orgId,
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
  alongside: TransactOperation[] = [],
): Promise<Reservation> {
  const nowMs = deps.clock.nowMs();
  try {
    return await reserve(deps, callCharges(actor, prepared.limits, prepared.userLimits, amounts, nowMs), alongside);
  } catch (error) {
    if (isAppError(error) && (error.code === 'budget_exceeded' || error.code === 'rate_limited')) {
      await recordUsage(deps, {
        ...baseEntry(actor, prepared),
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

export async function beginCall(deps: AiDeps, actor: Actor, input: CompleteInput): Promise<BegunCall> {
  const startedMs = deps.clock.nowMs();
  const prepared = await prepareCall(deps, actor, input);
  if (prepared.cacheHash !== null) {
    const hit = await readCachedResponse(deps, actor.orgId, prepared.cacheHash);
    if (hit) {
      // A hit costs nothing but still counts as a request per minute, so the cache cannot be used to flood.
      // Its ledger entry is written by the same transaction as that count.
      const latencyMs = deps.clock.nowMs() - startedMs;
      const { entry, write } = usageEntryWrite(deps, {
        ...baseEntry(actor, prepared),
        savedMicroUsd: hit.costMicroUsd,
        cached: true,
        latencyMs,
        outcome: 'success',
        errorCode: null,
      });
      await reserveOrRecord(deps, actor, prepared, { requests: 1, tokens: 0, microUsd: 0 }, startedMs, [write]);
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
  }
  const estimate: CallAmounts = {
    requests: 1,
    tokens: prepared.inputTokens + prepared.maxTokens,
    microUsd: prepared.estimateMicroUsd,
  };
  const reservation = await reserveOrRecord(deps, actor, prepared, estimate, startedMs);
  return { kind: 'live', prepared, reservation, startedMs };
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
    ...baseEntry(actor, prepared),
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
  await alertIfDue(deps, actor, prepared);
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
    ...baseEntry(actor, prepared),
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
