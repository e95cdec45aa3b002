/** Wire schemas of the workbench: agents (`/api/agents`), runs (`/api/runs`) and the webhook trigger (`/api/hooks`). */
import { z } from 'zod';
import { pageOf } from '../page.ts';

const Json = z.unknown();

export const GraphNode = z
  .object({
    id: z.string(),
    type: z.string().meta({ description: 'trigger, llm, output, http, transform, condition, …' }),
    position: z.object({ x: z.number(), y: z.number() }),
    data: z.record(z.string(), Json).meta({
      description:
        'Node settings. Every node: label, timeoutMs, retry {maxAttempts, baseMs, capMs}. trigger: triggerType (manual|webhook|scheduled); a graph may have several triggers, and each event (execute, webhook, schedule) starts only those of its kind, or the first trigger when it has none. llm: prompt (template with {{input}}, {{nodes.<id>.output}}, {{vars.<name>}}), model, system, temperature, maxTokens. output: outputFormat (text|json|markdown).',
    }),
  })
  .meta({ id: 'GraphNode' });

export const GraphEdge = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    sourceHandle: z.string().nullable().optional(),
    targetHandle: z.string().nullable().optional(),
  })
  .meta({ id: 'GraphEdge' });

export const AgentGraph = z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge) }).meta({ id: 'AgentGraph' });
export type AgentGraph = z.infer<typeof AgentGraph>;

/** Accepted loosely here and checked node by node by the engine, so each problem names its node and field. */
export const AgentGraphInput = z
  .object({
    nodes: z.array(z.record(z.string(), Json)).max(100),
    edges: z.array(z.record(z.string(), Json)).max(300),
  })
  .meta({ id: 'AgentGraphInput', description: 'React Flow {nodes, edges}; see AgentGraph' });

export const RunLimitsInput = z
  .object({
    maxSteps: z.number().int().min(1).optional(),
    maxDurationMs: z.number().int().min(1).optional(),
    maxTokens: z.number().int().min(1).optional(),
    maxCostMicroUsd: z.number().int().min(1).optional(),
  })
  .meta({ id: 'RunLimitsInput', description: 'Lower than the plan’s limits; higher values are capped' });

export const RunLimits = z
  .object({
    maxSteps: z.number().int(),
    maxDurationMs: z.number().int(),
    maxTokens: z.number().int().nullable(),
    maxCostMicroUsd: z.number().int().nullable(),
  })
  .meta({ id: 'RunLimits' });

/** Checked in depth by the workbench (host syntax), which answers with the failing entry's index. */
const AllowedHostsInput = z
  .array(z.string().max(260))
  .max(100)
  .nullable()
  .meta({ description: "Hosts the agent's http nodes may reach; null removes the agent-level list" });

export const Agent = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    description: z.string(),
    graph: AgentGraph,
    limits: RunLimitsInput,
    allowedHosts: z.array(z.string()).nullable().meta({
      description:
        "Hosts the agent's http nodes may reach (api.example.com, *.example.com, host:port); null: no agent-level list",
    }),
    version: z.number().int().meta({ description: 'Draft version for optimistic locking: send it back with PUT' }),
    publishedVersion: z.number().int().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    webhookSecret: z.string().optional().meta({
      description: 'Only in the responses that create or rotate it: POST /api/hooks/{agentId}/{webhookSecret}',
    }),
  })
  .meta({ id: 'Agent' });
export type Agent = z.infer<typeof Agent>;

export const AgentSummary = Agent.omit({ graph: true, webhookSecret: true })
  .extend({ nodeCount: z.number().int() })
  .meta({ id: 'AgentSummary' });
export type AgentSummary = z.infer<typeof AgentSummary>;
export const AgentPage = pageOf(AgentSummary).meta({ id: 'AgentPage' });
export type AgentPage = z.infer<typeof AgentPage>;

export const CreateAgentRequest = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    graph: AgentGraphInput.optional().meta({ description: 'Defaults to trigger → llm → output' }),
    limits: RunLimitsInput.optional(),
    allowedHosts: AllowedHostsInput.optional(),
  })
  .meta({ id: 'CreateAgentRequest' });

export const UpdateAgentRequest = z
  .object({
    version: z.number().int().min(1),
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    graph: AgentGraphInput.optional(),
    limits: RunLimitsInput.optional(),
    allowedHosts: AllowedHostsInput.optional(),
  })
  .meta({ id: 'UpdateAgentRequest' });

export const AgentVersion = z
  .object({
    agentId: z.string(),
    version: z.number().int(),
    graph: AgentGraph,
    publishedBy: z.string(),
    publishedAt: z.string(),
  })
  .meta({ id: 'AgentVersion' });
export type AgentVersion = z.infer<typeof AgentVersion>;

export const ExecuteAgentRequest = z
  .object({
    input: Json.optional(),
    variables: z.record(z.string(), Json).optional(),
    limits: RunLimitsInput.optional(),
    agentVersion: z
      .union([z.literal('draft'), z.number().int().min(1)])
      .optional()
      .meta({
        description: 'Which graph to run: a published version, or draft; default: the latest published, else the draft',
      }),
  })
  .meta({ id: 'ExecuteAgentRequest' });
export type ExecuteAgentRequest = z.infer<typeof ExecuteAgentRequest>;

export const WaitQuery = z.object({
  wait: z.coerce.number().int().min(0).max(30_000).optional().meta({
    description: 'Milliseconds to wait for the run to end: 200 with the ended run, else 202 with the run as it is',
  }),
});

export const RunStatus = z.enum(['queued', 'running', 'completed', 'failed', 'stopped']);
export type RunStatus = z.infer<typeof RunStatus>;

const Metrics = z.object({
  tokens: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costMicroUsd: z.number().int(),
  durationMs: z.number().int(),
});

export const RunError = z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }).meta({
  id: 'RunError',
  description:
    'code: a node’s error code, timeout, budget_exceeded, max_steps_exceeded, max_duration_exceeded, stopped; start_failed (the run never started: its start job was lost or kept failing), run_stalled (still running past its deadline: its pending step job was lost)',
});

export const RunLog = z
  .object({
    id: z.number().int(),
    at: z.string(),
    kind: z.enum(['log', 'token', 'node', 'run']),
    nodeId: z.string().nullable(),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    data: z.record(z.string(), Json).optional(),
  })
  .meta({ id: 'RunLog' });
export type RunLog = z.infer<typeof RunLog>;

export const RunSummary = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    agentId: z.string(),
    agentVersion: z.number().int().nullable(),
    userId: z.string(),
    trigger: z.enum(['manual', 'webhook', 'retry', 'schedule']),
    status: RunStatus,
    retryOf: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    totals: Metrics,
    errorDetails: RunError.nullable(),
  })
  .meta({ id: 'RunSummary' });
export type RunSummary = z.infer<typeof RunSummary>;
export const RunPage = pageOf(RunSummary).meta({ id: 'RunPage' });
export type RunPage = z.infer<typeof RunPage>;

export const Run = RunSummary.extend({
  input: Json,
  limits: RunLimits,
  executionPlan: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        label: z.string().nullable(),
        status: z
          .string()
          .meta({ description: 'pending, ready, running, waiting_retry, completed, failed, skipped, not_run' }),
        attempt: z.number().int(),
        startedAt: z.string().nullable(),
        completedAt: z.string().nullable(),
        durationMs: z.number().int().nullable(),
        queuedAt: z.string().nullable().meta({ description: 'When the step became ready (its job was enqueued)' }),
        executorMs: z.number().nullable().meta({
          description:
            "The node's own work; the rest of the step's time is the engine's (queue, claim, store, advance)",
        }),
        input: Json,
        output: Json,
        tokens: z.number().int(),
        costMicroUsd: z.number().int(),
        error: RunError.nullable(),
        reused: z.boolean(),
      }),
    ),
    currentNode: z.string().nullable(),
    variables: z.record(z.string(), Json),
  }),
  results: z.object({
    outputs: z.record(z.string(), Json).nullable(),
    logs: z.array(RunLog),
    metrics: Metrics.extend({ steps: z.number().int(), nodes: z.record(z.string(), Metrics) }),
  }),
}).meta({ id: 'Run' });
export type Run = z.infer<typeof Run>;

export const RunLogQuery = z.object({
  after: z.coerce.number().int().min(0).optional().meta({ description: 'Only entries with a larger id' }),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const RunLogPage = z
  .object({ items: z.array(RunLog), status: RunStatus, lastId: z.number().int() })
  .meta({ id: 'RunLogPage' });
export type RunLogPage = z.infer<typeof RunLogPage>;
