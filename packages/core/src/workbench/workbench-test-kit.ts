/**
 * Shared set-up for workbench tests: memory store and queue, the real AI gateway on a scripted model,
 * a worker pool over the memory queue (real concurrency, real timers), and small test executors.
 */
import { createAiGateway } from '../ai/index.ts';
import type { PlanId } from '../identity/plans.ts';
import type { OrgRole } from '../identity/roles.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { JobHandlers, JobQueue } from '../ports/job-queue.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createMemoryJobQueue, type MemoryJobQueue } from '../testing/memory-job-queue.ts';
import { type ScriptedLlm, type ScriptedLlmScript, scriptedLlm } from '../testing/scripted-llm.ts';
import { builtInExecutors } from './executors/index.ts';
import { createWorkbench, type Workbench, type WorkbenchOptions } from './index.ts';
import type { AgentGraph, GraphNode, NodeExecutor } from './node-executor.ts';

export interface Kit {
  workbench: Workbench;
  store: ItemStore;
  queue: MemoryJobQueue;
  llm: ScriptedLlm;
  ai: ReturnType<typeof createAiGateway>;
  /** Starts `concurrency` workers consuming the queue with the workbench's handlers; returns stop(). */
  startWorkers(concurrency?: number, handlers?: JobHandlers): () => Promise<void>;
}

export function actorIn(orgId: string, overrides: { role?: OrgRole; plan?: PlanId; userId?: string } = {}): Actor {
  return {
    userId: overrides.userId ?? `usr_${orgId}`,
    orgId,
    role: overrides.role ?? 'owner',
    plan: overrides.plan ?? 'pro',
  };
}

export function workerPool(queue: MemoryJobQueue, handlers: JobHandlers, concurrency: number): () => Promise<void> {
  let stopping = false;
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stopping) {
      const [job] = await queue.receive({ maxJobs: 1, visibilityTimeoutMs: 30_000 });
      if (!job) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      try {
        const handler = handlers[job.type];
        if (!handler) throw new Error(`no handler for ${job.type}`);
        await handler(job);
        await queue.ack(job);
      } catch (error) {
        await queue.fail(job, error);
      }
    }
  });
  return async () => {
    stopping = true;
    await Promise.all(loops);
  };
}

export function createKit(
  options: {
    script?: ScriptedLlmScript;
    extra?: NodeExecutor[];
    settings?: WorkbenchOptions['settings'];
    store?: ItemStore;
    queue?: MemoryJobQueue;
    actorFor?: WorkbenchOptions['actorFor'];
    /** One clock for the engine and the memory queue (tests that move time). */
    clock?: Clock;
  } = {},
): Kit {
  const store = options.store ?? createMemoryItemStore();
  const queue =
    options.queue ??
    createMemoryJobQueue({
      retry: { baseMs: 5, capMs: 20 },
      ...(options.clock ? { nowMs: (options.clock as Clock).nowMs } : {}),
    });
  const llm = scriptedLlm(options.script ?? { text: 'Hello from the model' });
  const ai = createAiGateway({ store, providerFor: () => llm, notifyAlert: async () => {} });
  const workbench = createWorkbench({
    store,
    queue,
    executors: [...builtInExecutors({ ai }), ...(options.extra ?? [])],
    settings: { stopPollMs: 50, ...options.settings },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.actorFor ? { actorFor: options.actorFor } : {}),
  });
  return {
    workbench,
    store,
    queue,
    llm,
    ai,
    startWorkers: (concurrency = 8, handlers = workbench.jobHandlers()) => workerPool(queue, handlers, concurrency),
  };
}

export const node = (id: string, type: string, data: Record<string, unknown> = {}): GraphNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data,
});

export const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${target}${sourceHandle ? `-${sourceHandle}` : ''}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

export function chain(...nodes: GraphNode[]): AgentGraph {
  return { nodes, edges: nodes.slice(1).map((n, i) => edge((nodes[i] as GraphNode).id, n.id)) };
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** A node type that waits `data.ms` (honouring the signal unless `data.deaf`) and echoes its upstream. */
export function sleepExecutor(
  type = 'sleep',
  onRun?: (context: Parameters<NodeExecutor['execute']>[0]) => void | Promise<void>,
): NodeExecutor {
  return {
    type,
    validate: () => [],
    async execute(context) {
      await onRun?.(context);
      const ms = Number(context.node.data.ms ?? 0);
      if (context.node.data.deaf) await sleep(ms);
      else await sleep(ms, context.signal);
      return { output: context.inputs ?? null };
    },
  };
}

/** Polls until `check` is true or `ms` pass. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The queue of a process that dies before sending jobs of `type`: such sends fail ("killed before
 * send"), the others go through. What was stored before the send stays stored (the crash point).
 */
export function queueDyingBefore(queue: JobQueue, type: string): JobQueue {
  return {
    send: (job, options) =>
      job.type === type ? Promise.reject(new Error('killed before send')) : queue.send(job, options),
  };
}
