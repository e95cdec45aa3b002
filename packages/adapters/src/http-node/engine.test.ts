import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// Adapters cannot reach core's test kit through the package exports; move this next to an export of
// workbench-test-kit (e.g. @diatonic/core/testing) or into apps/api/test when wiring it in.
import { actorIn, chain, createKit, eventually, node } from '@diatonic/core/testing';
import { createTransformNodeExecutor } from '@diatonic/core/workbench/nodes';
import { afterAll, expect, it } from 'vitest';
import { createHttpNodeExecutor } from './http-node-executor.ts';

let calls = 0;
const server = http.createServer((req, res) => {
  calls++;
  if (calls === 1) return res.writeHead(503).end('busy');
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, n: calls }));
});
afterAll(() => server.close());

it('engine runs trigger → http (retry after 503) → transform → output', async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const httpNode = createHttpNodeExecutor({
    resolve: async () => ['127.0.0.1'],
    allowAddress: (a, p) => a === '127.0.0.1' && p === port,
  });
  const kit = createKit({ extra: [httpNode, createTransformNodeExecutor()] });
  const stop = kit.startWorkers();
  const actor = actorIn('org_a');
  const graph = chain(
    node('t', 'trigger'),
    node('h', 'http', {
      url: `http://api.public.test:${port}/items/{{input.id}}`,
      timeoutMs: 2000,
      retry: { maxAttempts: 3, baseMs: 10, capMs: 20 },
    }),
    node('x', 'transform', { expression: 'input.body.path & " #" & $string(input.body.n)' }),
    node('o', 'output', { outputFormat: 'text' }),
  );
  const agent = await kit.workbench.createAgent(actor, { name: 'Fetch', graph });
  const started = await kit.workbench.execute(actor, agent.id, { input: { id: 'abc' } });
  let run = started;
  await eventually(async () => {
    run = await kit.workbench.getRun(actor, started.id);
    return ['completed', 'failed', 'stopped'].includes(run.status);
  }, 15_000);
  expect(run.status).toBe('completed');
  expect(run.results.outputs).toEqual({ o: '/items/abc #2' });
  await stop();
});

it("holds an agent's host allow-list: a listed host is reached, any other is refused with a clear error in the run", async () => {
  if (!server.listening) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
  const port = (server.address() as AddressInfo).port;
  // Both names reach the test server; only the agent's list tells them apart. Wired as the API does.
  const httpNode = createHttpNodeExecutor({
    resolve: async () => ['127.0.0.1'],
    allowAddress: (a, p) => a === '127.0.0.1' && p === port,
    agentAllowedHosts: (context) => context.agentAllowedHosts,
  });
  const kit = createKit({ extra: [httpNode] });
  const stop = kit.startWorkers();
  const actor = actorIn('org_hosts');
  const fetchFrom = (host: string) =>
    chain(
      node('t', 'trigger'),
      node('h', 'http', { url: `http://${host}:${port}/ping`, timeoutMs: 2000, retry: { maxAttempts: 1 } }),
      node('o', 'output', { outputFormat: 'json' }),
    );
  const runOf = async (agentId: string) => {
    const started = await kit.workbench.execute(actor, agentId, {});
    let run = started;
    await eventually(async () => {
      run = await kit.workbench.getRun(actor, started.id);
      return ['completed', 'failed', 'stopped'].includes(run.status);
    }, 15_000);
    return run;
  };
  await expect(
    kit.workbench.createAgent(actor, {
      name: 'Bad list',
      graph: fetchFrom('api.public.test'),
      allowedHosts: ['not a host'],
    }),
  ).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'allowedHosts[0]' } });

  const allowed = await kit.workbench.createAgent(actor, {
    name: 'Allowed',
    graph: fetchFrom('api.public.test'),
    allowedHosts: [`api.public.test:${port}`],
  });
  expect(allowed.allowedHosts).toEqual([`api.public.test:${port}`]);
  const before = calls;
  const ok = await runOf(allowed.id);
  expect(ok.status).toBe('completed');
  expect(calls).toBe(before + 1);

  const other = await kit.workbench.createAgent(actor, {
    name: 'Elsewhere',
    graph: fetchFrom('other.public.test'),
    allowedHosts: [`api.public.test:${port}`],
  });
  const refused = await runOf(other.id);
  expect(refused.status).toBe('failed');
  expect(refused.errorDetails).toMatchObject({
    nodeId: 'h',
    message: expect.stringContaining("other.public.test is not in this agent's allowed hosts"),
  });
  expect(calls).toBe(before + 1);

  // Without the agent's list the same node reaches the server: the list is what refused it.
  const current = await kit.workbench.getAgent(actor, other.id);
  await kit.workbench.updateAgent(actor, other.id, { version: current.version, allowedHosts: null });
  expect((await runOf(other.id)).status).toBe('completed');
  await stop();
});
