/**
 * Delivers an AI budget alert (50/80/100% of the monthly budget) three ways: an audit entry, an in-app
 * notification to every owner and admin, and — when the organisation set one — a webhook. The webhook
 * goes through the job queue, so a slow or failing receiver never delays the model call that crossed
 * the threshold, and it is retried with back-off until it answers 2xx or the job is dead-lettered.
 */
import type { AlertEvent, Identity, JobQueue, Notify } from '@diatonic/core';
import type { Logger } from '../http/app-env.ts';

export const budgetWebhookJobType = 'ai.budget_alert_webhook';

export interface BudgetAlertDeliveryDeps {
  identity: Identity;
  notify: Notify;
  jobQueue: JobQueue;
  logger: Logger;
}

/** Dollars with cents, or with as many decimals as small amounts need ($0.000013 for 13 µUSD). */
export function formatUsd(microUsd: number): string {
  const dollars = microUsd / 1_000_000;
  if (microUsd === 0 || Math.abs(dollars) >= 0.01) return `$${dollars.toFixed(2)}`;
  return `$${dollars.toFixed(6).replace(/0+$/, '')}`;
}

export function alertTitle(event: AlertEvent): string {
  return event.shutoff
    ? `AI budget used up for ${event.month}: model calls are paused`
    : `AI spend reached ${event.percent}% of the ${event.month} budget`;
}

export function createBudgetAlertDelivery(deps: BudgetAlertDeliveryDeps) {
  return async (event: AlertEvent): Promise<void> => {
    deps.logger.warn({ alert: event }, `AI budget at ${event.percent}% for ${event.organizationId}`);
    await deps.identity.recordAudit({
      organizationId: event.organizationId,
      actorId: 'system',
      action: 'ai.budget_alert',
      target: { type: 'organization', id: event.organizationId },
      outcome: 'success',
      details: {
        month: event.month,
        percent: event.percent,
        limitMicroUsd: event.limitMicroUsd,
        committedMicroUsd: event.committedMicroUsd,
        shutoff: event.shutoff,
        trigger: event.trigger,
      },
    });
    const recipients = await deps.identity.membersWithRoles(event.organizationId, ['owner', 'admin']);
    const body = `${formatUsd(event.committedMicroUsd)} of ${formatUsd(event.limitMicroUsd)} committed.${
      event.shutoff ? ' New calls get budget_exceeded until the month ends or the limit is raised.' : ''
    }`;
    const alertKey = `ai-budget-${event.month}-${event.percent}`;
    for (const userId of recipients) {
      await deps.notify({
        organizationId: event.organizationId,
        userId,
        kind: 'ai.budget_alert',
        title: alertTitle(event),
        body,
        link: '/ai/usage',
        dedupeKey: alertKey,
      });
    }
    if (event.alertWebhookUrl) {
      await deps.jobQueue.send(
        { type: budgetWebhookJobType, payload: event },
        { dedupeKey: `${event.organizationId}:${alertKey}`, maxAttempts: 8 },
      );
    }
  };
}
