import { afterEach, describe, expect, it } from 'vitest';
import { agentSchedulePrefix } from './schedule/keys.ts';
import { actorIn, createKit, edge, eventually, node } from './workbench-test-kit.ts';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

const fiveMinutes = 5 * 60_000;

describe('schedule trigger', () => {
  it('starts one run per due slot of the published version, acting for the creator', async () => {
    const actor = actorIn('org_sched');
    const kit = createKit({ actorFor: async (orgId, userId) => ({ ...actorIn(orgId), userId }) });
    stops.push(kit.startWorkers());
    const scheduled = {
      nodes: [
        node('tick', 'trigger', { triggerType: 'scheduled', cron: '*/5 * * * *' }),
        node('out', 'output', { outputFormat: 'json' }),
      ],
      edges: [edge('tick', 'out')],
    };
    const agent = await kit.workbench.createAgent(actor, { name: 'Every five minutes', graph: scheduled });
    const slot = Math.ceil((Date.now() + 1) / fiveMinutes) * fiveMinutes;

    // A draft's schedule does nothing: only a published version's schedules are stored.
    expect(await kit.workbench.scheduleTick(slot)).toEqual({ started: [], skipped: [] });
    await kit.workbench.publishAgent(actor, agent.id);

    // Not due between slots (the previous slot is before the schedule existed).
    expect((await kit.workbench.scheduleTick(slot - 60_000)).started).toEqual([]);
    const first = await kit.workbench.scheduleTick(slot);
    expect(first.started).toEqual([
      { agentId: agent.id, slotTime: new Date(slot).toISOString(), runId: expect.stringMatching(/^run_/) },
    ]);
    const runId = first.started[0]?.runId ?? '';
    await eventually(async () => (await kit.workbench.getRun(actor, runId)).status === 'completed');
    const run = await kit.workbench.getRun(actor, runId);
    expect(run).toMatchObject({
      trigger: 'schedule',
      agentVersion: 1,
      userId: actor.userId,
      input: { scheduledAt: new Date(slot).toISOString() },
      results: { outputs: { out: { scheduledAt: new Date(slot).toISOString() } } },
    });

    // A retried tick, or a second scheduler a minute later, finds the slot claimed.
    for (const at of [slot, slot + 30_000, slot + 60_000]) {
      expect(await kit.workbench.scheduleTick(at)).toEqual({
        started: [],
        skipped: [{ agentId: agent.id, slotTime: new Date(slot).toISOString(), reason: 'already_started' }],
      });
    }
    expect((await kit.workbench.listRuns(actor, agent.id)).items).toHaveLength(1);

    // The next slot runs again.
    expect((await kit.workbench.scheduleTick(slot + fiveMinutes)).started).toHaveLength(1);

    // Publishing a version without the schedule trigger removes it; so does deleting the agent.
    const current = await kit.workbench.getAgent(actor, agent.id);
    await kit.workbench.updateAgent(actor, agent.id, {
      version: current.version,
      graph: { nodes: [node('t', 'trigger'), node('out', 'output')], edges: [edge('t', 'out')] },
    });
    await kit.workbench.publishAgent(actor, agent.id);
    expect(await kit.workbench.scheduleTick(slot + 2 * fiveMinutes)).toEqual({ started: [], skipped: [] });

    const other = await kit.workbench.createAgent(actor, { name: 'Other', graph: scheduled });
    await kit.workbench.publishAgent(actor, other.id);
    const stored = async () =>
      (
        await kit.store.query({
          pk: `T#${actor.orgId}#AGENT#${other.id}`,
          sk: { beginsWith: agentSchedulePrefix },
        })
      ).items.length;
    expect(await stored()).toBe(1);
    await kit.workbench.deleteAgent(actor, other.id);
    expect(await stored()).toBe(0);
    expect(await kit.workbench.scheduleTick(slot + 3 * fiveMinutes)).toEqual({ started: [], skipped: [] });
  });

  it('skips a slot whose agent creator can no longer run it', async () => {
    const actor = actorIn('org_gone');
    const kit = createKit({ actorFor: async () => null });
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Orphan',
      graph: {
        nodes: [node('tick', 'trigger', { triggerType: 'scheduled', cron: '*/5 * * * *' }), node('out', 'output')],
        edges: [edge('tick', 'out')],
      },
    });
    await kit.workbench.publishAgent(actor, agent.id);
    const slot = Math.ceil((Date.now() + 1) / fiveMinutes) * fiveMinutes;
    expect(await kit.workbench.scheduleTick(slot)).toEqual({
      started: [],
      skipped: [{ agentId: agent.id, slotTime: new Date(slot).toISOString(), reason: 'no_actor' }],
    });
  });

  it('starts each schedule trigger of an agent on its own cron, and only the nodes behind it', async () => {
    const actor = actorIn('org_two_crons');
    const kit = createKit({ actorFor: async (orgId, userId) => ({ ...actorIn(orgId), userId }) });
    stops.push(kit.startWorkers());
    const agent = await kit.workbench.createAgent(actor, {
      name: 'Two crons and a webhook',
      graph: {
        nodes: [
          node('five', 'trigger', { triggerType: 'scheduled', cron: '*/5 * * * *' }),
          node('hourly', 'trigger', { triggerType: 'scheduled', cron: '0 * * * *' }),
          node('hook', 'trigger', { triggerType: 'webhook' }),
          node('fiveOut', 'output', { outputFormat: 'json' }),
          node('hourlyOut', 'output', { outputFormat: 'json' }),
          node('hookOut', 'output', { outputFormat: 'json' }),
        ],
        edges: [edge('five', 'fiveOut'), edge('hourly', 'hourlyOut'), edge('hook', 'hookOut')],
      },
    });
    await kit.workbench.publishAgent(actor, agent.id);
    const hour = 60 * 60_000;
    const onTheHour = Math.ceil((Date.now() + 1) / hour) * hour;
    const outputsOf = async (runIds: string[]) => {
      const outputs: Record<string, unknown>[] = [];
      for (const runId of runIds) {
        await eventually(async () => (await kit.workbench.getRun(actor, runId)).status === 'completed');
        outputs.push((await kit.workbench.getRun(actor, runId)).results.outputs ?? {});
      }
      return outputs.map((o) => Object.keys(o).join(','));
    };

    // On the hour both crons fire: two runs, each from its own trigger (the webhook's branch never runs).
    const both = await kit.workbench.scheduleTick(onTheHour);
    expect(both.started).toHaveLength(2);
    expect((await outputsOf(both.started.map((s) => s.runId))).sort()).toEqual(['fiveOut', 'hourlyOut']);
    // Five minutes later only the five-minute cron fires.
    const five = await kit.workbench.scheduleTick(onTheHour + fiveMinutes);
    expect(await outputsOf(five.started.map((s) => s.runId))).toEqual(['fiveOut']);
    // A repeated tick starts nothing again (each trigger's slot is claimed once).
    expect((await kit.workbench.scheduleTick(onTheHour)).started).toEqual([]);
  });
});
