/**
 * The job that POSTs a budget alert to the organisation's webhook. Non-2xx answers and network errors
 * throw, so the queue retries with back-off; redirects are not followed (a webhook answers itself).
 */
import type { AlertEvent, JobHandler } from '@diatonic/core';

const timeoutMs = 5_000;

export function budgetAlertWebhookHandler(fetchImpl: typeof fetch = fetch): JobHandler {
  return async (job) => {
    const event = job.payload as AlertEvent;
    if (!event.alertWebhookUrl) return;
    const response = await fetchImpl(event.alertWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'diatonic-budget-alerts/1' },
      body: JSON.stringify({ type: event.kind, ...event, alertWebhookUrl: undefined }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) {
      throw new Error(`Budget alert webhook answered ${response.status}`);
    }
  };
}
