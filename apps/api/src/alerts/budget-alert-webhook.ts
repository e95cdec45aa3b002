/**
 * The job that POSTs a budget alert to the organisation's webhook. The URL is an admin's input, so by
 * default it goes through the egress guard the workbench's http node uses (public addresses on 80/443
 * only: no loopback, private or metadata addresses; no redirects). An operator whose receiver lives on
 * their own network turns the guard off for webhooks (`WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true`).
 * Non-2xx answers and network errors throw, so the queue retries with back-off.
 */
import { guardedRequest } from '@diatonic/adapters/http-node';
import type { AlertEvent, JobHandler } from '@diatonic/core';

const timeoutMs = 5_000;
const maxResponseBytes = 16 * 1024;

async function postUnguarded(url: string, body: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'diatonic-budget-alerts/1' },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  return response.status;
}

async function postGuarded(url: string, body: string): Promise<number> {
  const response = await guardedRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'user-agent': 'diatonic-budget-alerts/1' },
    body,
    timeoutMs,
    maxResponseBytes,
    maxRedirects: 0,
  });
  return response.status;
}

export function budgetAlertWebhookHandler({ allowPrivateAddresses = false } = {}): JobHandler {
  return async (job) => {
    const event = job.payload as AlertEvent;
    if (!event.alertWebhookUrl) return;
    const body = JSON.stringify({ type: event.kind, ...event, alertWebhookUrl: undefined });
    const status = allowPrivateAddresses
      ? await postUnguarded(event.alertWebhookUrl, body)
      : await postGuarded(event.alertWebhookUrl, body);
    if (status < 200 || status > 299) throw new Error(`Budget alert webhook answered ${status}`);
  };
}
