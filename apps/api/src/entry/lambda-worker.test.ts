/**
 * The SQS worker and scheduler Lambdas against DynamoDB Local (STORAGE=dynamodb) and a local SQS
 * server (QUEUE=sqs), with synthesized SQS and EventBridge events.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { createTableInput, updateTimeToLiveInput } from '@diatonic/adapters/dynamodb';
import { encodeSqsJobBody } from '@diatonic/adapters/sqs';
import {
  type DynamoDbLocal,
  dynamoDbLocalSkipReason,
  type SqsWireServer,
  startDynamoDbLocal,
  startSqsWireServer,
} from '@diatonic/adapters/testing';
import { AppError, createWorkbench, type JobHandlers, startJobType, uploadJobTypes } from '@diatonic/core';
import { queueDyingBefore } from '@diatonic/core/testing';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/temp-platform.ts';
import { budgetWebhookJobType } from '../alerts/budget-alert-delivery.ts';
import { loadConfig } from '../config.ts';
import { buildDeps, type Deps } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';
import type { PeriodicJob } from '../periodic-jobs.ts';
import { workbenchExecutors } from '../workbench-executors.ts';
import { createScheduledTickHandler } from './scheduled-tick-handler.ts';
import { createSqsBatchHandler } from './sqs-batch-handler.ts';

const skipReason = dynamoDbLocalSkipReason({ ci: process.env.CI === 'true' });
if (skipReason !== undefined) console.warn(`Skipping Lambda worker tests: ${skipReason}`);

/** The redrive policy apps/infra deploys: the dead-letter queue after this many receives. */
const maxReceiveCount = 5;

let messageSeq = 0;
function record(body: string, receiveCount = 1, messageId = `msg-${++messageSeq}`): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}-${receiveCount}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:diatonic-dev-jobs',
    awsRegion: 'us-east-2',
  };
}
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const jobBody = (type: string, payload: unknown, id = `job_${randomUUID()}`) =>
  encodeSqsJobBody({ id, type, firstEnqueuedAt: Date.now(), maxAttempts: 5 }, JSON.stringify(payload));

/**
 * What SQS does with a message that keeps failing: redeliver it with a growing receive count until
 * maxReceiveCount, then move it to the dead-letter queue.
 */
async function deliverUntilDoneOrDead(
  handle: (e: SQSEvent) => Promise<SQSBatchResponse>,
  body: string,
): Promise<{ receives: number; deadLettered: boolean }> {
  const messageId = `msg-${++messageSeq}`;
  for (let receive = 1; receive <= maxReceiveCount; receive++) {
    const { batchItemFailures } = await handle(event(record(body, receive, messageId)));
    if (!batchItemFailures.some((f) => f.itemIdentifier === messageId))
      return { receives: receive, deadLettered: false };
  }
  return { receives: maxReceiveCount, deadLettered: true };
}

describe.skipIf(skipReason !== undefined)('Lambda worker and scheduler on DynamoDB Local and SQS', () => {
  let dynamo: DynamoDbLocal;
  let sqs: SqsWireServer;
  let webhook: Server;
  let webhookUrl: string;
  const webhookCalls: unknown[] = [];
  let webhookStatus = 200;
  let env: Record<string, string>;
  let deps: Deps;
  const dataDir = tempDir('diatonic-lambda-worker-');

  beforeAll(async () => {
    [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsWireServer()]);
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        webhookCalls.push(JSON.parse(body));
        res.writeHead(webhookStatus).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    const table = `items-${randomUUID()}`;
    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await admin.send(new CreateTableCommand(createTableInput(table)));
    await admin.send(new UpdateTimeToLiveCommand(updateTimeToLiveInput(table)));
    admin.destroy();
    env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      STORAGE: 'dynamodb',
      DYNAMODB_TABLE: table,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-2',
      CURSOR_SECRET: 'lambda-worker-test-cursor-secret-0123456789',
      QUEUE: 'sqs',
      SQS_QUEUE_URL: sqs.queueUrl('jobs'),
      SQS_CONTENT_QUEUE_URL: sqs.queueUrl('content-jobs'),
      SQS_ENDPOINT: sqs.endpoint,
      // The test's webhook receiver is on loopback, which the webhook egress guard refuses by default.
      WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      // The SDK's credential chain reads these, as it reads the function role's on Lambda.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    deps = await buildDeps(loadConfig(env));
  });

  afterAll(async () => {
    await deps?.close();
    vi.unstubAllEnvs();
    await new Promise<void>((resolve) => webhook?.close(() => resolve()));
    await sqs?.close();
    await dynamo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the worker entry runs the real job handlers and reports only the failed records', async () => {
    const { handler } = await import('./lambda-worker.ts');
    const ok = record(jobBody(budgetWebhookJobType, { kind: 'budget.threshold', alertWebhookUrl: webhookUrl }));
    const unknownType = record(jobBody('no.such.job', {}));
    const garbage = record('this is not json');
    const notEnvelope = record(JSON.stringify({ hello: 'world' }));
    const result = await handler(event(ok, unknownType, garbage, notEnvelope));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [unknownType.messageId, garbage.messageId, notEnvelope.messageId].sort(),
    );
    expect(webhookCalls).toEqual([expect.objectContaining({ type: 'budget.threshold' })]);

    webhookStatus = 500;
    const failing = record(jobBody(budgetWebhookJobType, { kind: 'budget.threshold', alertWebhookUrl: webhookUrl }));
    expect(await handler(event(failing))).toEqual({ batchItemFailures: [{ itemIdentifier: failing.messageId }] });
    webhookStatus = 200;
    expect(await handler(event())).toEqual({ batchItemFailures: [] });
  });

  it('handlers write to DynamoDB; a redelivered job is idempotent; a poison message ends in the dead-letter path', async () => {
    const handlers: JobHandlers = {
      'test.record': async (job) => {
        const { key } = job.payload as { key: string };
        // Idempotent by design: the write is conditional on the job not having been applied.
        await deps.itemStore
          .update(
            { pk: `T#org_test#JOBTEST#${key}`, sk: job.id },
            { add: { applied: 1 }, condition: [{ kind: 'notExists' }] },
          )
          .catch((error: unknown) => {
            if (!(error instanceof AppError && error.code === 'conflict')) throw error;
          });
      },
      'test.poison': async () => {
        throw new Error('this job always fails');
      },
      'test.flaky': async (job) => {
        if (job.attempt < 3) throw new AppError('unavailable', 'not yet');
        await deps.itemStore.put({ pk: 'T#org_test#JOBTEST#flaky', sk: job.id, data: { attempt: job.attempt } });
      },
    };
    const handle = createSqsBatchHandler({ handlers, logger: deps.logger });

    const body = jobBody('test.record', { key: 'a' }, 'job_same');
    const twice = await handle(event(record(body), record(body, 2)));
    expect(twice.batchItemFailures).toEqual([]);
    const stored = await deps.itemStore.get({ pk: 'T#org_test#JOBTEST#a', sk: 'job_same' });
    expect(stored?.data).toEqual({ applied: 1 });

    expect(await deliverUntilDoneOrDead(handle, jobBody('test.flaky', {}))).toEqual({
      receives: 3,
      deadLettered: false,
    });
    const flaky = await deps.itemStore.query({ pk: 'T#org_test#JOBTEST#flaky' });
    expect(flaky.items.map((i) => i.data)).toEqual([{ attempt: 3 }]);

    expect(await deliverUntilDoneOrDead(handle, jobBody('test.poison', {}))).toEqual({
      receives: maxReceiveCount,
      deadLettered: true,
    });
    expect(await deliverUntilDoneOrDead(handle, jobBody('no.handler', {}))).toMatchObject({ deadLettered: true });
    expect(await deliverUntilDoneOrDead(handle, '{"v":1')).toMatchObject({ deadLettered: true });
  });

  it('sends upload processing to the content queue (SQS_CONTENT_QUEUE_URL) and other jobs to the jobs queue', async () => {
    sqs.accepted.length = 0;
    await deps.jobQueue.send({ type: uploadJobTypes.process, payload: { organizationId: 'org_1', uploadId: 'upl_1' } });
    await deps.jobQueue.send({ type: uploadJobTypes.sweep, payload: {} });
    expect(sqs.accepted.map((m) => [JSON.parse(m.MessageBody).type, m.QueueUrl])).toEqual([
      [uploadJobTypes.process, sqs.queueUrl('content-jobs')],
      [uploadJobTypes.sweep, sqs.queueUrl('jobs')],
    ]);
  });

  it('the scheduler enqueues due periodic jobs to SQS once per slot, with dedupe markers in DynamoDB', async () => {
    sqs.accepted.length = 0;
    const testJob: PeriodicJob = {
      name: 'test.sweeper',
      everyMinutes: 60,
      job: (slot) => ({ type: 'test.sweep', payload: { slot } }),
    };
    const tick = createScheduledTickHandler(deps, [testJob]);
    const onTheHour = '2026-03-01T10:00:00Z';
    const first = await tick({ time: onTheHour });
    expect(first.enqueued).toEqual([
      { name: 'test.sweeper', jobId: expect.any(String), slotStartMs: Date.parse(onTheHour) },
    ]);
    // EventBridge retries an invocation: nothing more is sent.
    const retried = await tick({ time: onTheHour });
    expect(retried.deduplicated.map((d) => d.jobId)).toEqual([first.enqueued[0]?.jobId]);
    // Mid-hour ticks send nothing.
    expect(await tick({ time: '2026-03-01T10:01:00Z' })).toEqual({ enqueued: [], deduplicated: [] });
    expect(sqs.accepted).toHaveLength(1);
    expect(JSON.parse(sqs.accepted[0]!.MessageBody)).toMatchObject({
      type: 'test.sweep',
      payload: { slot: Date.parse(onTheHour) },
    });

    // The entry itself boots from the environment with the real registry: the upload sweeper, hourly,
    // the workbench's schedule tick and stranded-runs sweep, every minute, and the deleted organisations'
    // purge, every quarter hour.
    const { handler } = await import('./lambda-scheduler.ts');
    const real = await handler({ time: onTheHour });
    expect(real.enqueued.map((e) => e.name)).toEqual([
      'uploads.sweep',
      'workbench.schedules',
      'workbench.sweep',
      'identity.purge-organizations',
    ]);
    expect(sqs.accepted.map((m) => JSON.parse(m.MessageBody).type)).toEqual([
      'test.sweep',
      'uploads.sweep',
      'workbench.schedules.tick',
      'workbench.sweep',
      'identity.purge-organizations',
    ]);
    expect(sqs.accepted.map((m) => m.QueueUrl)).toEqual(Array(5).fill(sqs.queueUrl('jobs')));
    // Off the hour: the every-minute jobs, and on the quarter hours the purge too.
    expect((await handler({ time: '2026-03-01T10:31:00Z' })).enqueued.map((e) => e.name)).toEqual([
      'workbench.schedules',
      'workbench.sweep',
    ]);
    expect((await handler({ time: '2026-03-01T10:45:00Z' })).enqueued.map((e) => e.name)).toEqual([
      'workbench.schedules',
      'workbench.sweep',
      'identity.purge-organizations',
    ]);
  });

  it('the sweep restarts a run stored without its start job; the SQS worker runs it once on DynamoDB', async () => {
    sqs.accepted.length = 0;
    const actor = { userId: 'usr_sweep', orgId: 'org_sweep', role: 'owner', plan: 'pro' } as const;
    const at = (id: string, type: string, data: Record<string, unknown> = {}) => ({
      id,
      type,
      position: { x: 0, y: 0 },
      data,
    });
    const agent = await deps.workbench.createAgent(actor, {
      name: 'Stranded',
      graph: {
        nodes: [at('t', 'trigger'), at('o', 'output', { outputFormat: 'json' })],
        edges: [{ id: 'e', source: 't', target: 'o' }],
      },
    });
    // The crash point, two minutes ago: the run is stored in DynamoDB, its start job never reached SQS.
    const dying = queueDyingBefore(deps.jobQueue, startJobType);
    const crashed = createWorkbench({
      store: deps.itemStore,
      queue: dying,
      clock: { nowMs: () => Date.now() - 2 * 60_000 },
      executors: workbenchExecutors({ ai: deps.ai }),
    });
    await expect(crashed.execute(actor, agent.id, { input: { hello: 'sqs' } })).rejects.toThrow('killed before send');
    const runId = (await deps.workbench.listRuns(actor, agent.id)).items[0]?.id as string;
    expect(sqs.accepted).toHaveLength(0);

    expect((await deps.workbench.sweepStrandedRuns()).restarted).toEqual([runId]);
    // Whatever lands on the jobs queue goes to the worker Lambda's handler, until nothing new is sent.
    const handle = createSqsBatchHandler({ handlers: jobHandlers(deps), logger: deps.logger });
    let delivered = 0;
    while (delivered < sqs.accepted.length) {
      const batch = sqs.accepted.slice(delivered).map((message) => record(message.MessageBody));
      delivered = sqs.accepted.length;
      expect((await handle(event(...batch))).batchItemFailures).toEqual([]);
    }
    const run = await deps.workbench.getRun(actor, runId);
    expect(run).toMatchObject({
      status: 'completed',
      results: { outputs: { o: { hello: 'sqs' } }, metrics: { steps: 2 } },
    });
    expect((await deps.workbench.sweepStrandedRuns()).restarted).toEqual([]);
  });

  it('deleting an organisation on DynamoDB sends its purge to SQS; the worker sweeps every item under it', async () => {
    sqs.accepted.length = 0;
    const password = 'Lambda-Purge-Check-58';
    const owner = await deps.identity.signup({ email: `purge-${randomUUID()}@example.com`, password, name: 'Owner' });
    const principal = { userId: owner.user.id };
    const org = await deps.identity.createOrganization(principal, { name: 'Short-lived' });
    // Content of a few modules' shapes, and a neighbour whose id shares the text prefix.
    for (const pk of [`T#${org.id}#POST#p1`, `T#${org.id}#REACT#usr_gone`, `T#${org.id}#AI_USAGE`]) {
      await deps.itemStore.put({ pk, sk: 'ITEM', data: { n: 1 } });
    }
    await deps.itemStore.put({ pk: `T#${org.id}X`, sk: 'ITEM', data: { n: 1 } });
    const under = async (root: string) => {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.itemStore.scanPartitions({ root, ...(cursor ? { cursor } : {}) });
        keys.push(...page.items.map((item) => `${item.pk} ${item.sk}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return keys;
    };
    expect((await under(`T#${org.id}`)).length).toBeGreaterThanOrEqual(5);
    // The platform admin's list (gsi1 ORGS on DynamoDB): the new organisation first, gone once deleted.
    const admin = { userId: 'usr_admin', platformRole: 'platform_admin' } as const;
    const listed = async () => (await deps.identity.listAllOrganizations(admin, { limit: 5 })).items.map((o) => o.id);
    expect((await listed())[0]).toBe(org.id);
    expect(await listed()).toContain(owner.organization.id);

    await deps.identity.deleteOrganization(principal, { organizationId: org.id, name: 'Short-lived', password });
    expect(sqs.accepted.map((m) => JSON.parse(m.MessageBody).type)).toEqual(['identity.purge-organization']);
    const handle = createSqsBatchHandler({ handlers: jobHandlers(deps), logger: deps.logger });
    const body = sqs.accepted[0]!.MessageBody;
    expect((await handle(event(record(body)))).batchItemFailures).toEqual([]);
    expect(await under(`T#${org.id}`)).toEqual([]);
    expect(await under(`T#${org.id}X`)).toHaveLength(1);
    expect(await listed()).not.toContain(org.id);
    // A redelivery finds nothing more to do.
    expect((await handle(event(record(body, 2)))).batchItemFailures).toEqual([]);
  });
});
