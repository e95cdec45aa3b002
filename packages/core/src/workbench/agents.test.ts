import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.ts';
import { actorIn, chain, createKit, edge, node } from './workbench-test-kit.ts';

async function issuesOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error) && error.code === 'invalid_input')
      return error.details?.issues as { nodeId: string; field: string }[];
    throw error;
  }
  throw new Error('expected invalid_input');
}

describe('agents', () => {
  it('validates graphs on save with the node id and field of each problem', async () => {
    const { workbench } = createKit();
    const actor = actorIn('org_a');
    const save = (graph: unknown) => workbench.createAgent(actor, { name: 'x', graph });
    expect(await issuesOf(save(chain(node('t', 'trigger'), node('z', 'zap'))))).toContainEqual(
      expect.objectContaining({ nodeId: 'z', field: 'type' }),
    );
    expect(await issuesOf(save({ nodes: [node('t', 'trigger')], edges: [edge('t', 'ghost')] }))).toContainEqual(
      expect.objectContaining({ nodeId: 't-ghost', field: 'target' }),
    );
    const cyclic = {
      nodes: [node('t', 'trigger'), node('a', 'output'), node('b', 'output')],
      edges: [edge('t', 'a'), edge('a', 'b'), edge('b', 'a')],
    };
    expect(await issuesOf(save(cyclic))).toContainEqual(expect.objectContaining({ field: 'edges' }));
    expect(await issuesOf(save(chain(node('t', 'trigger'), node('t2', 'trigger'))))).toContainEqual(
      expect.objectContaining({ nodeId: 't-t2', field: 'target' }),
    );
    expect(await issuesOf(save({ nodes: [node('o', 'output')], edges: [] }))).toContainEqual(
      expect.objectContaining({ nodeId: 'graph', field: 'type' }),
    );
    // Two triggers side by side (a webhook and a schedule) are a valid graph.
    const twoTriggers = {
      nodes: [
        node('hook', 'trigger', { triggerType: 'webhook' }),
        node('cron', 'trigger', { triggerType: 'scheduled', cron: '0 9 * * *' }),
        node('o', 'output'),
      ],
      edges: [edge('hook', 'o'), edge('cron', 'o')],
    };
    expect((await save(twoTriggers)).graph.nodes).toHaveLength(3);
    expect(await issuesOf(save(chain(node('t', 'trigger'), node('l', 'llm', { temperature: 7 }))))).toEqual([
      expect.objectContaining({ nodeId: 'l', field: 'prompt' }),
      expect.objectContaining({ nodeId: 'l', field: 'temperature' }),
    ]);
    expect(
      await issuesOf(save(chain(node('t', 'trigger'), node('o', 'output', { outputFormat: 'pdf', timeoutMs: -1 })))),
    ).toEqual([
      expect.objectContaining({ nodeId: 'o', field: 'timeoutMs' }),
      expect.objectContaining({ nodeId: 'o', field: 'outputFormat' }),
    ]);
    const condition = { type: 'condition', validate: () => [], execute: async () => ({ output: null }) };
    const withCondition = createKit({ extra: [condition] }).workbench;
    const missingHandle = chain(node('t', 'trigger'), node('c', 'condition'), node('o', 'output'));
    expect(await issuesOf(withCondition.createAgent(actor, { name: 'x', graph: missingHandle }))).toContainEqual(
      expect.objectContaining({ nodeId: 'c-o', field: 'sourceHandle' }),
    );
  });

  it('saves drafts with optimistic locking, publishes immutable versions, and runs the published one', async () => {
    const { workbench } = createKit();
    const actor = actorIn('org_a');
    const agent = await workbench.createAgent(actor, { name: 'Starter' });
    expect(agent.graph.nodes.map((n) => n.type)).toEqual(['trigger', 'llm', 'output']);
    expect(agent.webhookSecret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect((await workbench.getAgent(actor, agent.id)).webhookSecret).toBeUndefined();
    const edited = await workbench.updateAgent(actor, agent.id, { version: agent.version, name: 'Renamed' });
    await expect(
      workbench.updateAgent(actor, agent.id, { version: agent.version, name: 'Stale' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    const v1 = await workbench.publishAgent(actor, agent.id);
    expect(v1.version).toBe(1);
    await workbench.updateAgent(actor, agent.id, { version: edited.version + 1, description: 'after publish' });
    const run = await workbench.execute(actor, agent.id, { input: 'hi' });
    expect(run.agentVersion).toBe(1);
    const draftRun = await workbench.execute(actor, agent.id, { input: 'hi', agentVersion: 'draft' });
    expect(draftRun.agentVersion).toBeNull();
    // Another organisation sees nothing.
    await expect(workbench.getAgent(actorIn('org_b'), agent.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(workbench.getRun(actorIn('org_b'), run.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('holds the agent count to the plan and frees a place on delete', async () => {
    const { workbench } = createKit();
    const actor = actorIn('org_free', { plan: 'free' });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await workbench.createAgent(actor, { name: `a${i}` }));
    await expect(workbench.createAgent(actor, { name: 'one too many' })).rejects.toMatchObject({ code: 'forbidden' });
    await workbench.deleteAgent(actor, made[0]?.id ?? '');
    await expect(workbench.createAgent(actor, { name: 'fits again' })).resolves.toMatchObject({ name: 'fits again' });
    expect((await workbench.listAgents(actor)).items).toHaveLength(3);
    await expect(
      workbench.deleteAgent(actorIn('org_free', { role: 'member', plan: 'free' }), made[1]?.id ?? ''),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('starts a webhook run only with the current secret', async () => {
    const kit = createKit();
    const actor = actorIn('org_a');
    const { createWorkbench } = await import('./index.ts');
    const { builtInExecutors } = await import('./executors/index.ts');
    const workbench = createWorkbench({
      store: kit.store,
      queue: kit.queue,
      executors: builtInExecutors({ ai: kit.ai }),
      actorFor: async (orgId, userId) => ({ ...actorIn(orgId), userId }),
    });
    const agent = await workbench.createAgent(actor, { name: 'Hooked' });
    const run = await workbench.executeWebhook(agent.id, agent.webhookSecret ?? '', { hello: 1 });
    expect(run).toMatchObject({ trigger: 'webhook', status: 'queued', input: { hello: 1 } });
    await expect(workbench.executeWebhook(agent.id, 'wrong', {})).rejects.toMatchObject({ code: 'not_found' });
    const rotated = await workbench.rotateWebhookSecret(actor, agent.id);
    await expect(workbench.executeWebhook(agent.id, agent.webhookSecret ?? '', {})).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(workbench.executeWebhook(agent.id, rotated.webhookSecret ?? '', {})).resolves.toMatchObject({
      trigger: 'webhook',
    });
  });
});
