import { rmSync } from 'node:fs';
import { startSqsWireServer } from '@diatonic/adapters/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startTempPlatform, tempDir } from '../test/temp-platform.ts';
import { loadConfig } from './config.ts';
import { buildDeps } from './deps.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('buildDeps', () => {
  it('wires SQLite and the durable local queue by default, and its workers run jobs', async () => {
    const platform = await startTempPlatform();
    const received: unknown[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const workers = platform.deps.startWorkers({
      'test.ping': async (job) => {
        received.push(job.payload);
        delivered();
      },
    });
    await platform.deps.jobQueue.send({ type: 'test.ping', payload: { n: 1 } });
    await done;
    await workers.stop();
    expect(received).toEqual([{ n: 1 }]);

    await platform.deps.itemStore.put({ pk: 'T#x', sk: 'a', data: { ok: true } });
    expect((await platform.deps.itemStore.get({ pk: 'T#x', sk: 'a' }))?.data).toEqual({ ok: true });
    await platform.close();
  });

  it('creates the cursor secret once and keeps it across restarts', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = await startTempPlatform({ dataDir });
    await first.deps.itemStore.put({ pk: 'T#p', sk: '1', data: {} });
    await first.deps.itemStore.put({ pk: 'T#p', sk: '2', data: {} });
    const page = await first.deps.itemStore.query({ pk: 'T#p', limit: 1 });
    await first.close();
    // A cursor from before the restart still works, so the secret survived.
    const second = await startTempPlatform({ dataDir });
    const next = await second.deps.itemStore.query({ pk: 'T#p', limit: 1, cursor: page.nextCursor! });
    expect(next.items.map((i) => i.sk)).toEqual(['2']);
    await second.close();
  });

  it('wires QUEUE=sqs to the SQS adapter (dedupe markers in the item store) and starts no in-process workers', async () => {
    const sqs = await startSqsWireServer();
    const dataDir = tempDir();
    dirs.push(dataDir);
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      QUEUE: 'sqs',
      SQS_QUEUE_URL: sqs.queueUrl('jobs'),
      SQS_ENDPOINT: sqs.endpoint,
      AWS_REGION: 'eu-west-1',
    });
    // The SDK's default credential chain reads these, as it reads the Lambda role's in production.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const deps = await buildDeps(config);
    try {
      const workers = deps.startWorkers({});
      const first = await deps.jobQueue.send({ type: 'test.ping', payload: { n: 1 } }, { dedupeKey: 'once' });
      const again = await deps.jobQueue.send({ type: 'test.ping', payload: { n: 2 } }, { dedupeKey: 'once' });
      expect(again).toEqual({ id: first.id, deduplicated: true });
      expect(sqs.accepted).toHaveLength(1);
      expect(JSON.parse(sqs.accepted[0]!.MessageBody)).toMatchObject({ id: first.id, type: 'test.ping' });
      await workers.stop();
    } finally {
      await deps.close();
      await sqs.close();
      vi.unstubAllEnvs();
    }
  });
});
