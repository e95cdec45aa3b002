/**
 * The workbench scenario's data, made through the API once the platform runs (see run.ts): the demo
 * organisation moves to the enterprise plan (a platform admin's route; no monthly run quota, 50 runs
 * at once, so the load measures the engine and not the plan), and the demo user creates and publishes
 * a trivial agent, trigger → transform → output, whose webhook the load calls with `?wait=`.
 *
 * After the load, `stepOverhead` reads back the runs of a time window through `GET /api/agents/{id}/runs`
 * and `GET /api/runs/{id}` and computes the engine's own time per step from the runs' recorded
 * timestamps (see README: step overhead).
 */
import type { SessionHeaders } from './demo-session.ts';

export interface WorkbenchSession {
  agentId: string;
  webhookPath: string;
}

let prepared: WorkbenchSession | undefined;

export const hasWorkbenchSession = () => prepared !== undefined;

export function workbenchSession(): WorkbenchSession {
  if (!prepared) throw new Error('the workbench session was not prepared');
  return prepared;
}

/** How long a webhook call waits for its run (the route's `?wait=`); far above a run's duration. */
export const webhookWaitMs = 10_000;

export const benchAgentGraph = {
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Webhook', triggerType: 'webhook' } },
    {
      id: 'shape',
      type: 'transform',
      position: { x: 0, y: 120 },
      data: { label: 'Shape', expression: '{"echo": input.n, "double": input.n * 2}' },
    },
    { id: 'out', type: 'output', position: { x: 0, y: 240 }, data: { label: 'Output', outputFormat: 'json' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'shape' },
    { id: 'e2', source: 'shape', target: 'out' },
  ],
};

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Needs the demo user to be a platform admin (run.ts makes it one first). */
export async function prepareWorkbenchSession(baseUrl: string, session: SessionHeaders): Promise<WorkbenchSession> {
  const headers = { ...session, 'content-type': 'application/json' };
  const orgId = session['x-organization-id'];
  const setPlan = () =>
    fetch(`${baseUrl}/api/admin/organizations/${orgId}/plan`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ plan: 'enterprise' }),
    });
  // The first request after the harness's CLI call may meet a keep-alive socket the server has just
  // closed ("other side closed"); the PUT is idempotent, so it is sent again once.
  await json(await setPlan().catch(setPlan), 'moving the demo organisation to the enterprise plan');
  const agent = await json<{ id: string; webhookSecret: string }>(
    await fetch(`${baseUrl}/api/agents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Bench: webhook echo', graph: benchAgentGraph }),
    }),
    'creating the bench agent',
  );
  await json(
    await fetch(`${baseUrl}/api/agents/${agent.id}/publish`, { method: 'POST', headers }),
    'publishing the bench agent',
  );
  prepared = {
    agentId: agent.id,
    webhookPath: `/api/hooks/${agent.id}/${encodeURIComponent(agent.webhookSecret)}?wait=${webhookWaitMs}`,
  };
  return prepared;
}

interface RunSummary {
  id: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

interface RunDetail extends RunSummary {
  executionPlan: {
    nodes: { id: string; status: string; queuedAt: string | null; executorMs: number | null }[];
  };
}

export interface StepOverhead {
  runs: number;
  steps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Enqueue of the start job to the first step's enqueue (admission), p95. */
  admissionP95Ms: number;
  /** Run stored → run completed, p50 and p95: the engine's whole share of a webhook call's latency. */
  runP50Ms: number;
  runP95Ms: number;
  /** Runs of the window that had not completed when read back (failed, stopped or still going). */
  notCompleted: number;
}

const at = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] as number) * 100) / 100;
}

/**
 * Step overhead of the completed runs created in `[fromMs, toMs]` (at most `maxRuns`, newest first):
 * for each step, from the moment it became ready (its job was enqueued) to the moment its successor
 * was enqueued (or, for the last step, the run was stored as completed), minus the executor's own time.
 * That is the queue pick-up, the claim, the log writes, storing the result and the advance.
 */
export async function stepOverhead(
  baseUrl: string,
  session: SessionHeaders,
  window: { fromMs: number; toMs: number; maxRuns: number },
): Promise<StepOverhead> {
  const { agentId } = workbenchSession();
  const picked: RunSummary[] = [];
  let notCompleted = 0;
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { items: RunSummary[]; nextCursor: string | null } = await json(
      await fetch(`${baseUrl}/api/agents/${agentId}/runs?${query}`, { headers: session }),
      'listing the bench runs',
    );
    for (const run of page.items) {
      const created = at(run.createdAt);
      if (created < window.fromMs || created > window.toMs) continue;
      if (run.status === 'completed') picked.push(run);
      else notCompleted++;
    }
    const oldest = page.items.at(-1);
    cursor = oldest && at(oldest.createdAt) >= window.fromMs ? page.nextCursor : null;
  } while (cursor && picked.length < window.maxRuns);

  const overheads: number[] = [];
  const admissions: number[] = [];
  const durations: number[] = [];
  let runs = 0;
  for (const summary of picked.slice(0, window.maxRuns)) {
    const run = await json<RunDetail>(
      await fetch(`${baseUrl}/api/runs/${summary.id}`, { headers: session }),
      'reading a bench run',
    );
    // The bench graph is a chain; its plan lists the nodes in order.
    const chain = run.executionPlan.nodes;
    if (chain.some((node) => node.queuedAt === null || node.executorMs === null)) continue;
    runs++;
    durations.push(at(run.completedAt) - at(run.createdAt));
    admissions.push(at(chain[0]?.queuedAt ?? null) - at(run.createdAt));
    chain.forEach((node, index) => {
      const next = chain[index + 1];
      const end = next ? at(next.queuedAt) : at(run.completedAt);
      overheads.push(end - at(node.queuedAt) - (node.executorMs ?? 0));
    });
  }
  overheads.sort((a, b) => a - b);
  admissions.sort((a, b) => a - b);
  durations.sort((a, b) => a - b);
  return {
    runs,
    steps: overheads.length,
    p50Ms: percentile(overheads, 50),
    p95Ms: percentile(overheads, 95),
    p99Ms: percentile(overheads, 99),
    maxMs: overheads.at(-1) ?? Number.NaN,
    admissionP95Ms: percentile(admissions, 95),
    runP50Ms: percentile(durations, 50),
    runP95Ms: percentile(durations, 95),
    notCompleted,
  };
}
