/**
 * The workbench routes end to end: app.request() against a real SQLite platform, local queue workers
 * in process, and the offline model: agents, validation errors, optimistic locking, publish, execute
 * with ?wait=, webhooks, run read-outs, logs as JSON and SSE, stop, retry and history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEchoGraph } from '../../test/agent-graphs.ts';
import { expectError } from '../../test/envelope.ts';
import {
  type Call,
  caller,
  createOrg,
  expectJson,
  type Json,
  join,
  type SignedUp,
  signUp,
} from '../../test/identity-client.ts';
import { startTempPlatform, type TempPlatform } from '../../test/temp-platform.ts';
import type { Workers } from '../deps.ts';
import { jobHandlers } from '../job-handlers.ts';

let platform: TempPlatform;
let workers: Workers;
let call: Call;
let owner: SignedUp;
let member: SignedUp;
let orgId: string;

beforeAll(async () => {
  platform = await startTempPlatform();
  workers = platform.deps.startWorkers(jobHandlers(platform.deps));
  call = caller(platform);
  owner = await signUp(call, 'wb-owner@example.com');
  member = await signUp(call, 'wb-member@example.com');
  orgId = await createOrg(call, owner, 'WB');
  await join(call, owner, orgId, member, 'member');
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform?.close();
});

const as = (user: SignedUp) => ({ token: user.accessToken, orgId });

const graph = offlineEchoGraph('webhook');

describe('workbench routes', () => {
  let agent: Json;

  it('creates an agent, and refuses an invalid graph with the node id and field of each problem', async () => {
    agent = await expectJson(await call('POST', '/api/agents', { ...as(member), body: { name: 'Echo', graph } }), 201);
    expect(agent).toMatchObject({ name: 'Echo', organizationId: orgId, version: 1, publishedVersion: null });
    expect(typeof agent.webhookSecret).toBe('string');
    const bad = {
      nodes: [...graph.nodes, { id: '4', type: 'warp', position: { x: 0, y: 0 }, data: {} }],
      edges: [...graph.edges, { id: 'e9', source: '3', target: 'nowhere' }],
    };
    const body: Json = await expectError(
      await call('POST', '/api/agents', { ...as(member), body: { name: 'Bad', graph: bad } }),
      400,
      'invalid_input',
    );
    expect(body.error.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: '4', field: 'type' }),
        expect.objectContaining({ nodeId: 'e9', field: 'target' }),
      ]),
    );
    const list: Json = await expectJson(await call('GET', '/api/agents', as(member)), 200);
    expect(list.items.map((a: Json) => a.id)).toEqual([agent.id]);
    expect(list.items[0].webhookSecret).toBeUndefined();
  });

  it('edits the draft with optimistic locking and publishes versions (admins)', async () => {
    const edited = await expectJson(
      await call('PUT', `/api/agents/${agent.id}`, {
        ...as(member),
        body: { version: agent.version, description: 'v2' },
      }),
      200,
    );
    expect(edited.version).toBe(agent.version + 1);
    await expectError(
      await call('PUT', `/api/agents/${agent.id}`, { ...as(member), body: { version: agent.version, name: 'x' } }),
      409,
      'conflict',
    );
    await expectError(await call('POST', `/api/agents/${agent.id}/publish`, as(member)), 403, 'forbidden');
    const v1 = await expectJson(await call('POST', `/api/agents/${agent.id}/publish`, as(owner)), 201);
    expect(v1).toMatchObject({ agentId: agent.id, version: 1 });
  });

  it('executes with ?wait= and answers with the completed run in the plan shape', async () => {
    const run: Json = await expectJson(
      await call('POST', `/api/agents/${agent.id}/execute?wait=10000`, {
        ...as(member),
        body: { input: 'hello', variables: { a: 1 } },
      }),
      200,
    );
    expect(run).toMatchObject({ status: 'completed', agentVersion: 1, trigger: 'manual', errorDetails: null });
    expect(run.executionPlan.nodes.map((n: Json) => n.status)).toEqual(['completed', 'completed', 'completed']);
    expect(run.executionPlan.variables).toEqual({ a: 1 });
    expect(typeof run.results.outputs['3']).toBe('string');
    expect(run.results.metrics.tokens).toBeGreaterThan(0);
    expect(run.results.metrics.nodes['2'].tokens).toBeGreaterThan(0);
    expect(run.startedAt).not.toBeNull();
    expect(run.completedAt).not.toBeNull();

    const queued = await call('POST', `/api/agents/${agent.id}/execute`, { ...as(member), body: { input: 'later' } });
    expect(queued.status).toBe(202);
    const id = (await queued.json()).id;
    await expect
      .poll(async () => (await expectJson(await call('GET', `/api/runs/${id}`, as(member)), 200)).status, {
        timeout: 10_000,
      })
      .toBe('completed');

    const logs: Json = await expectJson(await call('GET', `/api/runs/${id}/logs`, as(member)), 200);
    expect(logs.status).toBe('completed');
    expect(logs.items.some((l: Json) => l.kind === 'token')).toBe(true);
    const later: Json = await expectJson(
      await call('GET', `/api/runs/${id}/logs?after=${logs.items[2].id}`, as(member)),
      200,
    );
    expect(later.items[0].id).toBeGreaterThan(logs.items[2].id);

    const sse = await call('GET', `/api/runs/${id}/logs`, {
      ...as(member),
      headers: { accept: 'text/event-stream', 'last-event-id': String(logs.items[1].id) },
    });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const text = await sse.text();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(logs.items[2].id);
    expect(text).toContain('event: end');

    const history: Json = await expectJson(await call('GET', `/api/agents/${agent.id}/runs`, as(member)), 200);
    expect(history.items.map((r: Json) => r.id)).toContain(id);
  });

  it('starts runs by webhook with the secret (wrong secret → 404), answers outputs with ?wait=, and rotates', async () => {
    const ok: Json = await expectJson(
      await call('POST', `/api/hooks/${agent.id}/${agent.webhookSecret}?wait=10000`, { body: { text: 'hook' } }),
      200,
    );
    expect(ok).toMatchObject({ status: 'completed', errorDetails: null });
    expect(typeof ok.outputs['3']).toBe('string');
    await expectError(await call('POST', `/api/hooks/${agent.id}/not-the-secret`, { body: {} }), 404, 'not_found');
    const rotated: Json = await expectJson(
      await call('POST', `/api/agents/${agent.id}/webhook-secret`, as(member)),
      200,
    );
    await expectError(
      await call('POST', `/api/hooks/${agent.id}/${agent.webhookSecret}`, { body: {} }),
      404,
      'not_found',
    );
    const accepted = await call('POST', `/api/hooks/${agent.id}/${rotated.webhookSecret}`, { body: {} });
    expect(accepted.status).toBe(202);
    // The secret is the webhook's credential: the access log names the agent, never the secret.
    const hookLines = platform.logs.filter((line) => String(line.path).startsWith('/api/hooks/'));
    expect(hookLines.length).toBeGreaterThanOrEqual(4);
    expect(hookLines.every((line) => line.path === `/api/hooks/${agent.id}/[redacted]`)).toBe(true);
    expect(JSON.stringify(platform.logs)).not.toContain(rotated.webhookSecret);
  });

  it('stops a running run within a second and retries a failed one from where it failed', async () => {
    const slow = {
      nodes: [
        { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'l',
          type: 'llm',
          position: { x: 0, y: 0 },
          data: { prompt: '{{input}}', maxTokens: 4000, timeoutMs: 60_000 },
        },
      ],
      edges: [{ id: 'e', source: 't', target: 'l' }],
    };
    const long: Json = await expectJson(
      await call('POST', '/api/agents', { ...as(owner), body: { name: 'Long', graph: slow } }),
      201,
    );
    const run: Json = await expectJson(
      await call('POST', `/api/agents/${long.id}/execute`, {
        ...as(owner),
        body: { input: 'x', agentVersion: 'draft' },
      }),
      202,
    );
    const started = Date.now();
    const stopped: Json = await expectJson(await call('POST', `/api/runs/${run.id}/stop`, as(member)), 200);
    expect(stopped.status).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(1_000);
    const again: Json = await expectJson(await call('POST', `/api/runs/${run.id}/stop`, as(member)), 200);
    expect(again.status).toBe('stopped');
    const retried: Json = await expectJson(await call('POST', `/api/runs/${run.id}/retry`, as(member)), 202);
    expect(retried).toMatchObject({ retryOf: run.id, trigger: 'retry' });
    await expectError(await call('POST', `/api/runs/${agent.id}/retry`, as(member)), 404, 'not_found');
  });

  it('runs the transform and condition node types registered in the server', async () => {
    const n = (id: string, type: string, data: Record<string, unknown> = {}) => ({
      id,
      type,
      position: { x: 0, y: 0 },
      data,
    });
    const branching = {
      nodes: [
        n('t', 'trigger'),
        n('x', 'transform', { expression: 'input.n * 2' }),
        n('c', 'condition', { expression: 'input > 5' }),
        n('big', 'output', { outputFormat: 'json' }),
        n('small', 'output', { outputFormat: 'json' }),
      ],
      edges: [
        { id: 'e1', source: 't', target: 'x' },
        { id: 'e2', source: 'x', target: 'c' },
        { id: 'e3', source: 'c', target: 'big', sourceHandle: 'true' },
        { id: 'e4', source: 'c', target: 'small', sourceHandle: 'false' },
      ],
    };
    const made: Json = await expectJson(
      await call('POST', '/api/agents', { ...as(owner), body: { name: 'Branch', graph: branching } }),
      201,
    );
    const run: Json = await expectJson(
      await call('POST', `/api/agents/${made.id}/execute?wait=10000`, { ...as(owner), body: { input: { n: 4 } } }),
      200,
    );
    expect(run.status).toBe('completed');
    expect(run.results.outputs).toEqual({ big: 8 });
    expect(run.executionPlan.nodes.find((node: Json) => node.id === 'small').status).toBe('skipped');
  });

  it('hides agents and runs of other organisations (404)', async () => {
    const stranger = await signUp(call, 'wb-stranger@example.com');
    const theirs = { token: stranger.accessToken };
    await expectError(await call('GET', `/api/agents/${agent.id}`, theirs), 404, 'not_found');
    await expectError(await call('POST', `/api/agents/${agent.id}/execute`, { ...theirs, body: {} }), 404, 'not_found');
    const list: Json = await expectJson(await call('GET', '/api/agents', theirs), 200);
    expect(list.items).toEqual([]);
  });

  it("keeps an agent's http host allow-list: checked on save with the failing entry, changed only by a valid edit", async () => {
    const [first] = (await expectJson<{ items: Json[] }>(await call('GET', '/api/agents', as(owner)), 200)).items;
    const listed = await expectJson<Json>(
      await call('PUT', `/api/agents/${first.id}`, {
        ...as(owner),
        body: { version: first.version, allowedHosts: ['API.example.com', '*.example.org:8443'] },
      }),
      200,
    );
    expect(listed.allowedHosts).toEqual(['api.example.com', '*.example.org:8443']);
    const refused = await expectError(
      await call('POST', '/api/agents', {
        ...as(owner),
        body: { name: 'Bad hosts', graph, allowedHosts: ['ok.test', 'http://x'] },
      }),
      400,
      'invalid_input',
    );
    expect(refused.error.details).toMatchObject({ field: 'allowedHosts[1]' });
    const badEdit = await expectError(
      await call('PUT', `/api/agents/${first.id}`, {
        ...as(owner),
        body: { version: listed.version, allowedHosts: ['10.0.0.0/8'] },
      }),
      400,
      'invalid_input',
    );
    expect(badEdit.error.details).toMatchObject({ field: 'allowedHosts[0]' });
    const unchanged = await expectJson<Json>(await call('GET', `/api/agents/${first.id}`, as(owner)), 200);
    expect(unchanged).toMatchObject({ version: listed.version, allowedHosts: listed.allowedHosts });
    const cleared = await expectJson<Json>(
      await call('PUT', `/api/agents/${first.id}`, {
        ...as(owner),
        body: { version: listed.version, allowedHosts: null },
      }),
      200,
    );
    expect(cleared.allowedHosts).toBeNull();
  });
});
