/**
 * Budget alerts at 50, 80 and 100% of the organisation's monthly budget, each exactly once per month:
 * a conditional put of a marker item decides which of many concurrent calls sends it. Delivery
 * (in-app notification to owners and admins, audit entry, webhook) is the injected notifier's job.
 * When delivery fails the marker is removed again so a later call retries it.
 */
import { ConditionFailedError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import { aiAlertKey } from './keys.ts';
import { monthPeriod } from './periods.ts';

export const alertThresholds = [50, 80, 100] as const;
export type AlertThreshold = (typeof alertThresholds)[number];

export interface AlertEvent {
  kind: 'ai.budget_threshold';
  organizationId: string;
  /** `yyyy-mm` (UTC). */
  month: string;
  percent: AlertThreshold;
  limitMicroUsd: number;
  committedMicroUsd: number;
  /** 100% means new calls are refused with budget_exceeded until the month ends or the limit is raised. */
  shutoff: boolean;
  /**
   * `spend`: committed spend crossed the threshold. `refused`: a call was refused because the rest of
   * the budget could not cover its worst case (spend may still be a little below 100%).
   */
  trigger: 'spend' | 'refused';
  alertWebhookUrl: string | null;
  at: string;
}

export interface BudgetState {
  organizationId: string;
  limitMicroUsd: number | null;
  committedMicroUsd: number;
  alertWebhookUrl: string | null;
  /** True when a call was just refused for budget: the 100% alert is due even below 100% committed. */
  refused?: boolean;
}

export async function sendBudgetAlerts(deps: AiDeps, state: BudgetState): Promise<AlertEvent[]> {
  const limit = state.limitMicroUsd;
  if (limit === null) return [];
  const nowMs = deps.clock.nowMs();
  const month = monthPeriod(nowMs);
  const sent: AlertEvent[] = [];
  for (const percent of alertThresholds) {
    const spent = state.committedMicroUsd * 100 >= limit * percent;
    if (!spent && !(percent === 100 && state.refused === true)) continue;
    const key = aiAlertKey(state.organizationId, month.label, percent);
    try {
      await deps.store.put(
        { ...key, data: { at: new Date(nowMs).toISOString() }, expiresAt: Math.ceil(month.endMs / 1000) + 40 * 86_400 },
        { condition: [{ kind: 'notExists' }] },
      );
    } catch (error) {
      if (error instanceof ConditionFailedError) continue;
      throw error;
    }
    const event: AlertEvent = {
      kind: 'ai.budget_threshold',
      organizationId: state.organizationId,
      month: month.label,
      percent,
      limitMicroUsd: limit,
      committedMicroUsd: state.committedMicroUsd,
      shutoff: percent === 100,
      trigger: spent ? 'spend' : 'refused',
      alertWebhookUrl: state.alertWebhookUrl,
      at: new Date(nowMs).toISOString(),
    };
    try {
      await deps.notifyAlert(event);
      sent.push(event);
    } catch {
      // Not delivered: forget the marker so the next call tries again; the model call itself stands.
      await deps.store.delete(key).catch(() => false);
    }
  }
  return sent;
}
