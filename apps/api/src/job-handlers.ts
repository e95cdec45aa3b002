/**
 * The job handlers every worker runs, in process (Node server) or on Lambda (later). An unknown type
 * is dead-lettered, never silently dropped.
 */
import type { JobHandlers } from '@diatonic/core';
import { budgetWebhookJobType } from './alerts/budget-alert-delivery.ts';
import { budgetAlertWebhookHandler } from './alerts/budget-alert-webhook.ts';
import type { Deps } from './deps.ts';

export function jobHandlers(deps: Deps): JobHandlers {
  return {
    ...deps.identity.jobHandlers,
    ...deps.workbench.jobHandlers(),
    [budgetWebhookJobType]: budgetAlertWebhookHandler({
      allowPrivateAddresses: deps.config.webhooks.allowPrivateAddresses,
    }),
    ...deps.uploads.jobHandlers,
    ...deps.community.jobHandlers,
    ...deps.education.jobHandlers,
  };
}
