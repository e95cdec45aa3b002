import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, caller, expectJson, type Json } from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import type { Workers } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';
import { demoIdentityStep, demoPassword } from './demo-identity-step.ts';
import { demoAgentName, demoWorkbenchStep } from './demo-workbench-step.ts';
import type { SeedContext } from './seed-step.ts';

let platform: TempPlatform;
let context: SeedContext;
let call: Call;
let workers: Workers;

beforeAll(async () => {
  platform = await startTempPlatform();
  const { itemStore, clock, ids, logger, identity, workbench } = platform.deps;
  context = { itemStore, clock, ids, logger, identity, workbench, demoData: true };
  call = caller(platform);
  // The queue workers run the demo agent's steps, as the Node server's do.
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
});
afterAll(async () => {
  await workers?.stop();
  await platform.close();
});

describe('the demo workbench seed step', () => {
  it('publishes one agent that runs on the offline model, and repeating it changes nothing', async () => {
    await demoIdentityStep.run(context);
    await demoWorkbenchStep.run(context);
    await demoWorkbenchStep.run(context);
    const { accessToken } = await expectJson<{ accessToken: string }>(
      await call('POST', '/api/auth/login', { body: { email: 'demo@diatonic.local', password: demoPassword } }),
      200,
    );
    const orgs = await expectJson<Json>(await call('GET', '/api/orgs', { token: accessToken }), 200);
    const orgId = orgs.items.find((o: Json) => o.name === 'Diatonic Demo').id;
    const agents = await expectJson<Json>(await call('GET', '/api/agents', { token: accessToken, orgId }), 200);
    expect(agents.items.map((a: Json) => [a.name, a.publishedVersion])).toEqual([[demoAgentName, 1]]);

    const run = await expectJson<Json>(
      await call('POST', `/api/agents/${agents.items[0].id}/execute?wait=10000`, {
        token: accessToken,
        orgId,
        body: { input: 'overfitting' },
      }),
      200,
    );
    expect(run.status).toBe('completed');
    expect(JSON.stringify(run.results.outputs)).toContain('offline');
  });

  it('does nothing without demo data', async () => {
    const before = await platform.deps.itemStore.query({ pk: 'SEED', limit: 10 });
    await demoWorkbenchStep.run({ ...context, demoData: false });
    expect((await platform.deps.itemStore.query({ pk: 'SEED', limit: 10 })).items).toEqual(before.items);
  });
});
