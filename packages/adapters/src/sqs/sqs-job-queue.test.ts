import { SQSClient } from '@aws-sdk/client-sqs';
import { type AppError, dedupeWindowMs, type ItemStore, isAppError, maxDelayMs } from '@diatonic/core';
import { createMemoryItemStore } from '@diatonic/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeSqsJobBody, UnreadableJobMessageError } from './sqs-job-message.ts';
import { createSqsJobQueue, jobDedupeMarkerKey, type SqsJobQueue } from './sqs-job-queue.ts';
import { type SqsWireServer, startSqsWireServer } from './test-servers/sqs-wire-server.ts';

let server: SqsWireServer;
let client: SQSClient;

beforeAll(async () => {
  server = await startSqsWireServer();
  client = new SQSClient({
    endpoint: server.endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('SQS JobQueue on a standard queue', () => {
  let now: number;
  let store: ItemStore;
  let queue: SqsJobQueue;

  beforeEach(() => {
    server.requests.length = 0;
    server.accepted.length = 0;
    now = Date.UTC(2026, 0, 1);
    store = createMemoryItemStore({ clock: { nowMs: () => now } });
    queue = createSqsJobQueue({ client, queueUrl: server.queueUrl('jobs'), store, nowMs: () => now });
  });

  it('sends one signed AwsJson1_0 SendMessage whose body the worker decodes back into the job', async () => {
    const payload = { text: 'héllo ✓ 🎵', nested: [1, null, true] };
    const sent = await queue.send({ type: 'email.send', payload }, { maxAttempts: 3 });
    expect(sent.deduplicated).toBe(false);
    expect(sent.id).toMatch(/^job_/);
    expect(queue.fifo).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.target).toBe('AmazonSQS.SendMessage');
    expect(server.requests[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-2\/sqs\//);
    const message = server.accepted[0]!;
    expect(message.QueueUrl).toBe(server.queueUrl('jobs'));
    expect(message.DelaySeconds).toBeUndefined();
    expect(message.MessageGroupId).toBeUndefined();
    expect(message.MessageAttributes).toEqual({ jobType: { DataType: 'String', StringValue: 'email.send' } });
    expect(decodeSqsJobBody(message.MessageBody, 1)).toEqual({
      id: sent.id,
      type: 'email.send',
      payload,
      attempt: 1,
      firstEnqueuedAt: now,
      maxAttempts: 3,
    });
  });

  it('turns delayMs into DelaySeconds, rounded up so a job never runs early, up to 900 s', async () => {
    for (const delayMs of [1, 1_000, 1_001, maxDelayMs]) await queue.send({ type: 't', payload: {} }, { delayMs });
    expect(server.accepted.map((m) => m.DelaySeconds)).toEqual([1, 1, 2, 900]);
  });

  it('rejects invalid sends with invalid_input before anything reaches SQS or the store', async () => {
    const bad = [
      queue.send({ type: '', payload: {} }),
      queue.send({ type: 't', payload: undefined }),
      queue.send({ type: 't', payload: {} }, { delayMs: maxDelayMs + 1 }),
      queue.send({ type: 't', payload: {} }, { dedupeKey: 'k'.repeat(129) }),
    ];
    for (const promise of bad) expect(((await errorOf(promise)) as AppError).code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });

  it('deduplicates by key for exactly the window, measured from the first send', async () => {
    const first = await queue.send({ type: 't', payload: { v: 1 } }, { dedupeKey: 'run_1:step_2' });
    now += dedupeWindowMs - 1;
    expect(await queue.send({ type: 't', payload: { v: 2 } }, { dedupeKey: 'run_1:step_2' })).toEqual({
      id: first.id,
      deduplicated: true,
    });
    expect(server.accepted).toHaveLength(1);
    now += 1;
    const later = await queue.send({ type: 't', payload: { v: 3 } }, { dedupeKey: 'run_1:step_2' });
    expect(later).toEqual({ id: expect.not.stringMatching(first.id), deduplicated: false });
    expect(server.accepted.map((m) => decodeSqsJobBody(m.MessageBody, 1).payload)).toEqual([{ v: 1 }, { v: 3 }]);
    // The marker carries a TTL so DynamoDB deletes it after the window.
    const marker = await store.get(jobDedupeMarkerKey('run_1:step_2'));
    expect(marker?.data).toEqual({ jobId: later.id, firstSentAt: now });
    expect(marker?.expiresAt).toBe(Math.ceil((now + dedupeWindowMs) / 1000));
  });

  it('enqueues exactly one message for concurrent sends with one key, and one per distinct key', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => queue.send({ type: 't', payload: { i } }, { dedupeKey: 'same' })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    await queue.send({ type: 't', payload: {} }, { dedupeKey: 'a' });
    await queue.send({ type: 't', payload: {} }, { dedupeKey: 'b' });
    expect(server.accepted).toHaveLength(3);
  });

  it('maps SQS errors to retryable AppErrors and frees the dedupe key, so a retry of the send goes through', async () => {
    server.next({ kind: 'error', status: 500, errorType: 'InternalError' });
    const down = await errorOf(queue.send({ type: 't', payload: {} }, { dedupeKey: 'k' }));
    expect(isAppError(down) && down.code).toBe('unavailable');
    expect(await store.get(jobDedupeMarkerKey('k'))).toBeUndefined();
    server.next({ kind: 'error', status: 400, errorType: 'QueueDoesNotExist', message: 'no queue' });
    const missing = await errorOf(queue.send({ type: 't', payload: {} }));
    expect(isAppError(missing) && missing.code).toBe('upstream_failed');
    server.next({ kind: 'badMd5' });
    expect(isAppError(await errorOf(queue.send({ type: 't', payload: {} }, { dedupeKey: 'k' })))).toBe(true);
    expect(await store.get(jobDedupeMarkerKey('k'))).toBeUndefined();
    const retried = await queue.send({ type: 't', payload: {} }, { dedupeKey: 'k' });
    expect(retried.deduplicated).toBe(false);
    expect(server.accepted).toHaveLength(1);
  });
});

describe('SQS JobQueue with a queue per job type', () => {
  it('sends the routed types to their queue and everything else to the default one', async () => {
    server.accepted.length = 0;
    const queue = createSqsJobQueue({
      client,
      queueUrl: server.queueUrl('jobs'),
      queueUrlsByType: { 'uploads.process': server.queueUrl('content-jobs') },
      store: createMemoryItemStore(),
    });
    const routed = await queue.send({ type: 'uploads.process', payload: { uploadId: 'upl_1' } }, { delayMs: 2_000 });
    await queue.send({ type: 'uploads.sweep', payload: {} });
    // An inherited property name is not a route.
    await queue.send({ type: 'constructor', payload: {} });
    expect(server.accepted.map((m) => m.QueueUrl)).toEqual([
      server.queueUrl('content-jobs'),
      server.queueUrl('jobs'),
      server.queueUrl('jobs'),
    ]);
    expect(server.accepted[0]?.DelaySeconds).toBe(2);
    expect(decodeSqsJobBody(server.accepted[0]!.MessageBody, 1).id).toBe(routed.id);
  });
});

describe('SQS JobQueue on a FIFO queue', () => {
  it('sends a MessageGroupId per job and a hashed MessageDeduplicationId, and refuses per-message delays', async () => {
    server.accepted.length = 0;
    const store = createMemoryItemStore();
    const queue = createSqsJobQueue({ client, queueUrl: server.queueUrl('jobs.fifo'), store });
    expect(queue.fifo).toBe(true);
    const a = await queue.send({ type: 't', payload: {} }, { dedupeKey: 'run:1' });
    const b = await queue.send({ type: 't', payload: {} });
    const [ma, mb] = server.accepted;
    expect(ma?.MessageGroupId).toBe(a.id);
    expect(ma?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(mb?.MessageGroupId).toBe(b.id);
    expect(mb?.MessageDeduplicationId).not.toBe(ma?.MessageDeduplicationId);
    expect((await queue.send({ type: 't', payload: {} }, { dedupeKey: 'run:1' })).deduplicated).toBe(true);
    const delayed = await errorOf(queue.send({ type: 't', payload: {} }, { delayMs: 1_000 }));
    expect(isAppError(delayed) && delayed.code).toBe('invalid_input');
    expect(server.accepted).toHaveLength(2);
  });
});

describe('decodeSqsJobBody', () => {
  it('refuses bodies that are not our envelope', () => {
    for (const body of ['not json', '[]', 'null', '{"v":2}', '{"v":1,"id":"job_1","type":"t"}']) {
      expect(() => decodeSqsJobBody(body, 1)).toThrow(UnreadableJobMessageError);
    }
  });

  it('takes the attempt from the receive count', () => {
    const body = JSON.stringify({ v: 1, id: 'job_1', type: 't', firstEnqueuedAt: 5, maxAttempts: 5, payload: null });
    expect(decodeSqsJobBody(body, 4)).toMatchObject({ attempt: 4, payload: null });
  });
});
