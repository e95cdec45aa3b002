/**
 * Child process for workbench-crash.test.ts: the real deps (SQLite file, local queue, its workers)
 * with a workbench that also knows two test node types: `call` (a side effect: POSTs to COUNT_URL)
 * and `pause` (waits `data.ms`, honouring stop). Arguments: `<countUrl> [start]`; with `start` it creates an agent and starts a run,
 * printing `run <id>`; it always prints `ready` once its workers run. The test kills it with SIGKILL.
 */
import { createWorkbench, type NodeExecutor } from '@diatonic/core';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { workbenchExecutors } from '../src/workbench-executors.ts';

const [countUrl = '', mode] = process.argv.slice(2);
const call: NodeExecutor = {
  type: 'call',
  validate: () => [],
  async execute(context) {
    const res = await fetch(countUrl, {
      method: 'POST',
      signal: context.signal,
      headers: { 'idempotency-key': `${context.runId}:${context.node.id}` },
    });
    return { output: await res.text() };
  },
};
const pause: NodeExecutor = {
  type: 'pause',
  validate: () => [],
  execute: (context) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ output: 'paused' }), Number(context.node.data.ms ?? 0));
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(context.signal.reason);
      });
    }),
};

const config = loadConfig();
const deps = await buildDeps(config);
await deps.migrate();
const workbench = createWorkbench({
  store: deps.itemStore,
  queue: deps.jobQueue,
  executors: [...workbenchExecutors({ ai: deps.ai }), call, pause],
  settings: { stepClaimMs: config.workbench.stepClaimMs },
});
export const childActor = { userId: 'usr_crash', orgId: 'org_crash', role: 'owner', plan: 'pro' } as const;

if (mode === 'start') {
  const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({
    id,
    type,
    position: { x: 0, y: 0 },
    data,
  });
  const agent = await workbench.createAgent(childActor, {
    name: 'Crash test',
    graph: {
      nodes: [node('t', 'trigger'), node('c', 'call'), node('p', 'pause', { ms: 2_500 }), node('o', 'output')],
      edges: [
        { id: 'e1', source: 't', target: 'c' },
        { id: 'e2', source: 'c', target: 'p' },
        { id: 'e3', source: 'p', target: 'o' },
      ],
    },
  });
  const run = await workbench.execute(childActor, agent.id, { input: 'survive' });
  process.stdout.write(`run ${run.id}\n`);
}
deps.startWorkers(workbench.jobHandlers());
process.stdout.write('ready\n');
