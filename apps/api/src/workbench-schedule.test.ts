/**
 * Schedule triggers end to end: an agent published through the API with a cron trigger is run by
 * the Node server's own tick of the periodic-jobs registry (its clock set a few seconds before a
 * minute boundary, so the test waits seconds, not a minute), and by a synthesized scheduler-Lambda
 * tick (EventBridge's `time`) through the same registry, which a retried invocation does not repeat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, createOrg, expectJson, type Json, signUp } from '../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../test/temp-platform.ts';
import { type RunningServer, startNodeServer } from './entry/node-server.ts';
import { createScheduledTickHandler } from './entry/scheduled-tick-handler.ts';
import { periodicJobs } from './periodic-jobs.ts';

const minute = 60_000;
// The platform's clock runs at real speed, shifted to 8 s before a minute boundary.
const shiftedStart = Math.ceil(Date.now() / minute) * minute + 2 * minute - 8_000;
const offset = shiftedStart - Date.now();
const clock = { nowMs: () => Date.now() + offset };

let platform: TempPlatform;
let server: RunningServer | undefined;

beforeAll(async () => {
  platform = await startTempPlatform({ env: { PORT: '0' }, clock });
}, 60_000);

afterAll(async () => {
  if (server) await server.close();
  else await platform?.close();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('schedule trigger', () => {
  it('runs on the Node server at the cron time, and from a scheduler tick once per slot', async () => {
    const call = caller(platform);
    const owner = await signUp(call, 'sched-owner@example.com');
    const orgId = await createOrg(call, owner, 'Sched');
    const as = { token: owner.accessToken, orgId };
    const graph = {
      nodes: [
        {
          id: 'clock',
          type: 'trigger',
          position: { x: 0, y: 0 },
          data: { triggerType: 'scheduled', cron: '* * * * *', timezone: 'Europe/Berlin' },
        },
        { id: 'out', type: 'output', position: { x: 0, y: 100 }, data: { outputFormat: 'json' } },
      ],
      edges: [{ id: 'e', source: 'clock', target: 'out' }],
    };
    // A bad cron is refused on save with the node and field.
    const refused = await expectJson<Json>(
      await call('POST', '/api/agents', {
        ...as,
        body: {
          name: 'Bad',
          graph: {
            ...graph,
            nodes: [{ ...graph.nodes[0], data: { triggerType: 'scheduled', cron: '61 * * * *' } }, graph.nodes[1]],
          },
        },
      }),
      400,
    );
    expect(JSON.stringify(refused.error.details)).toContain('cron');
    const agent = await expectJson<Json>(
      await call('POST', '/api/agents', { ...as, body: { name: 'Minutely', graph } }),
      201,
    );
    await expectJson(await call('POST', `/api/agents/${agent.id}/publish`, as), 201);

    server = await startNodeServer(platform.deps, platform.app);
    const runsOf = async () =>
      (await expectJson<{ items: Json[] }>(await call('GET', `/api/agents/${agent.id}/runs`, as), 200)).items;
    const first = await until(runsOf, (runs) => runs.some((run) => run.status === 'completed'), 40_000);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ trigger: 'schedule', status: 'completed', agentVersion: 1 });
    const slot = Date.parse(
      (await expectJson<Json>(await call('GET', `/api/runs/${first[0].id}`, as), 200)).input.scheduledAt,
    );
    expect(slot % minute).toBe(0);

    // The scheduler Lambda's tick for a later minute, through the same registry and the same queue.
    const tick = createScheduledTickHandler(platform.deps, periodicJobs(platform.deps));
    const later = new Date(slot + 5 * minute).toISOString();
    expect((await tick({ time: later })).enqueued.map((e) => e.name)).toContain('workbench.schedules');
    expect((await tick({ time: later })).enqueued).toEqual([]);
    const second = await until(runsOf, (runs) => runs.filter((run) => run.status === 'completed').length >= 2, 20_000);
    const inputs = await Promise.all(
      second.map(async (run) => (await expectJson<Json>(await call('GET', `/api/runs/${run.id}`, as), 200)).input),
    );
    expect(inputs.map((input) => input.scheduledAt).sort()).toEqual([new Date(slot).toISOString(), later].sort());
  }, 90_000);
});
