/**
 * Budget alerts end to end: a call refused for budget raises the 100% alert, which reaches every owner
 * and admin as an in-app notification (once, however many calls are refused), is in the audit log,
 * and is POSTed to the organisation's webhook by a queue worker, retried when the receiver fails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type OpenAiWireServer, startOpenAiWireServer } from '@diatonic/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, caller, expectJson, type Json, type SignedUp, signUp } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import { type RunningServer, startNodeServer } from '../entry/node-server.ts';

const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
let llm: OpenAiWireServer;
let platform: TempPlatform;
let running: RunningServer;
let receiver: Server;
let receiverUrl: string;
const received: { body: Json; status: number }[] = [];
let call: Call;
let owner: SignedUp;

beforeAll(async () => {
  llm = await startOpenAiWireServer();
  // Fails the first delivery, accepts the next: the queue must retry.
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const status = received.length === 0 ? 500 : 204;
      received.push({ body: JSON.parse(raw) as Json, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
  platform = await startTempPlatform({
    env: {
      PORT: '0',
      WEB_DIST_DIR: 'no-web-app',
      LLM_PROVIDER: 'openai-compatible',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL_MAP: `${haiku}=llama3.1:8b`,
      QUEUE_CONCURRENCY: '1',
      // The receiver is on loopback, which the egress guard refuses unless the operator allows it.
      WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
    },
  });
  call = caller(platform);
  owner = await signUp(call, 'budget-owner@example.com');
  running = await startNodeServer(platform.deps, platform.app);
}, 60_000);

afterAll(async () => {
  await running?.close();
  await platform?.close();
  await llm?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const asOwner = (method: string, path: string, body?: unknown) =>
  call(method, path, { token: owner.accessToken, orgId: owner.personalOrgId, ...(body === undefined ? {} : { body }) });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('AI budget alerts', () => {
  it('notifies owners in-app once, audits, and delivers the webhook with retries', async () => {
    await expectJson(
      await asOwner('PUT', '/api/ai/limits', { limits: { monthlyBudgetMicroUsd: 1 }, alertWebhookUrl: receiverUrl }),
      200,
    );
    for (let i = 0; i < 3; i++) {
      const refused = await expectJson<Json>(
        await asOwner('POST', '/api/ai/complete', { model: haiku, prompt: `Over budget ${i}`, maxTokens: 2000 }),
        402,
      );
      expect((refused.error as Json).code).toBe('budget_exceeded');
    }
    expect(llm.requests).toHaveLength(0);

    const page = await expectJson<Json>(await asOwner('GET', '/api/notifications'), 200);
    const items = page.items as Json[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'ai.budget_alert', link: '/ai/usage', readAt: null });
    expect(String(items[0]?.title)).toContain('paused');
    expect(page.unreadCount).toBe(1);

    const audit = await expectJson<Json>(
      await call('GET', `/api/orgs/${owner.personalOrgId}/audit?action=ai.budget_alert`, { token: owner.accessToken }),
      200,
    );
    expect((audit.items as Json[]).map((entry) => (entry.details as Json).percent)).toEqual([100]);

    const deliveries = await eventually(
      async () => received,
      (list) => list.some((delivery) => delivery.status === 204),
      30_000,
    );
    expect(deliveries.map((d) => d.status)).toEqual([500, 204]);
    expect(deliveries[1]?.body).toMatchObject({
      type: 'ai.budget_threshold',
      organizationId: owner.personalOrgId,
      percent: 100,
      shutoff: true,
    });
    expect(deliveries[1]?.body).not.toHaveProperty('alertWebhookUrl');

    const read = await expectJson<Json>(await asOwner('POST', '/api/notifications/read', { all: true }), 200);
    expect(read).toEqual({ marked: 1, unreadCount: 0 });
  }, 60_000);
});

describe('formatUsd', () => {
  it('shows cents, and the digits that small budgets need', async () => {
    const { formatUsd } = await import('./budget-alert-delivery.ts');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1_250_000)).toBe('$1.25');
    expect(formatUsd(13)).toBe('$0.000013');
    expect(formatUsd(1256)).toBe('$0.001256');
  });
});

describe('budget alert webhook egress', () => {
  it('refuses loopback, private and metadata receivers unless private addresses are allowed', async () => {
    const { budgetAlertWebhookHandler } = await import('./budget-alert-webhook.ts');
    const before = received.length;
    const job = (url: string) => ({
      id: 'job_1',
      type: 'ai.budget_alert_webhook',
      attempt: 1,
      firstEnqueuedAt: Date.now(),
      payload: { kind: 'ai.budget_threshold', organizationId: 'org_x', percent: 50, alertWebhookUrl: url },
    });
    for (const url of [
      receiverUrl,
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.1/hook',
      'http://[::1]/',
    ]) {
      await expect(budgetAlertWebhookHandler()(job(url))).rejects.toThrow();
    }
    expect(received.length).toBe(before);
    await budgetAlertWebhookHandler({ allowPrivateAddresses: true })(job(receiverUrl));
    expect(received.length).toBe(before + 1);
  });
});
