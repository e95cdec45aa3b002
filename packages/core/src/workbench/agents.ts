/**
 * Agents: create, list, read, edit the draft (optimistic locking), delete, publish an immutable
 * version, rotate the webhook secret. The graph is validated on every save with the registered
 * executors; the agent count is held to the plan's quota by a conditional counter in the same
 * transaction as the new agent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { quotasByPlan } from '../identity/plans.ts';
import { can, type Permission } from '../identity/roles.ts';
import type { StoredItem } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { checkAllowedHosts } from './allowed-hosts.ts';
import { ensureCounter } from './counters.ts';
import { validateGraph } from './graph-validation.ts';
import { agentCountKey, agentKey, agentPrefix, agentsPartition, agentWebhookIndex, versionKey } from './keys.ts';
import type { AgentGraph } from './node-executor.ts';
import type { AgentRecord, VersionRecord } from './records.ts';
import { checkAgentLimits } from './run-limits.ts';
import { removeSchedules, replaceSchedules, storedSchedules } from './schedule/agent-schedules.ts';
import {
  type AgentSummaryView,
  type AgentView,
  agentSummaryView,
  agentView,
  type VersionView,
  versionView,
} from './views.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export interface CreateAgentInput {
  name: string;
  description?: string;
  graph?: unknown;
  limits?: unknown;
  /** Hosts the agent's `http` nodes may reach (allowed-hosts.ts); null: no agent-level list. */
  allowedHosts?: unknown;
}

export interface UpdateAgentInput {
  /** The version the edit is based on (from GET); a stale one is refused with 409. */
  version: number;
  name?: string;
  description?: string;
  graph?: unknown;
  limits?: unknown;
  allowedHosts?: unknown;
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw AppError.forbidden(permission);
}

/** The existing builder's starting flow: trigger → LLM → output. */
export function starterGraph(): AgentGraph {
  return {
    nodes: [
      {
        id: '1',
        type: 'trigger',
        position: { x: 250, y: 25 },
        data: { label: 'Start Trigger', triggerType: 'manual' },
      },
      {
        id: '2',
        type: 'llm',
        position: { x: 250, y: 150 },
        data: { label: 'LLM Processor', prompt: 'You are a helpful assistant. {{input}}' },
      },
      { id: '3', type: 'output', position: { x: 250, y: 275 }, data: { label: 'Output', outputFormat: 'text' } },
    ],
    edges: [
      { id: 'e1-2', source: '1', target: '2' },
      { id: 'e2-3', source: '2', target: '3' },
    ],
  };
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw AppError.invalidInput('name must be 1 to 200 characters', { field: 'name' });
  }
  return value.trim();
}

function checkDescription(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > 2000) {
    throw AppError.invalidInput('description must be at most 2000 characters', { field: 'description' });
  }
  return value;
}

export function newWebhookSecret(): { secret: string; hash: string } {
  const secret = randomBytes(24).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function readAgent(deps: WorkbenchDeps, actor: Actor, agentId: string): Promise<StoredItem<AgentRecord>> {
  const item =
    typeof agentId === 'string' ? await deps.store.get<AgentRecord>(agentKey(actor.orgId, agentId)) : undefined;
  if (!item) throw AppError.notFound('agent', agentId);
  return item;
}

export async function createAgent(deps: WorkbenchDeps, actor: Actor, input: CreateAgentInput): Promise<AgentView> {
  authorize(actor, 'agent:create');
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('A body is required');
  const name = checkName(input.name);
  const description = checkDescription(input.description);
  const graph = await validateGraph(input.graph ?? starterGraph(), deps.executors);
  const limits = checkAgentLimits(input.limits);
  const allowedHosts = checkAllowedHosts(input.allowedHosts);
  const id = deps.ids.next('agt');
  const now = deps.clock.nowMs();
  const { secret, hash } = newWebhookSecret();
  const record: AgentRecord = {
    id,
    organizationId: actor.orgId,
    name,
    description,
    graph,
    limits,
    allowedHosts,
    webhookSecretHash: hash,
    publishedVersion: null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  const max = quotasByPlan[actor.plan].maxAgents;
  const counter = agentCountKey(actor.orgId);
  await ensureCounter(deps.store, counter, 'count');
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: counter,
        changes: {
          add: { count: 1 },
          ...(max === null ? {} : { condition: [{ kind: 'compare', field: 'count', op: '<', value: max }] }),
        },
      },
      {
        kind: 'put',
        item: { ...agentKey(actor.orgId, id), ...agentWebhookIndex(id), data: record },
        condition: [{ kind: 'notExists' }],
      },
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError && error.index === 0) {
      throw new AppError('forbidden', `The ${actor.plan} plan allows ${max} agents; delete one or upgrade`, {
        details: { permission: 'agent:create', reason: 'quota', quota: 'maxAgents', limit: max },
      });
    }
    throw error;
  }
  const stored = await readAgent(deps, actor, id);
  return agentView(stored, secret);
}

export interface AgentPage {
  items: AgentSummaryView[];
  nextCursor: string | null;
}

export async function listAgents(
  deps: WorkbenchDeps,
  actor: Actor,
  input: { limit?: number; cursor?: string } = {},
): Promise<AgentPage> {
  authorize(actor, 'agent:read');
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw AppError.invalidInput('limit must be 1 to 100', { field: 'limit' });
  }
  const page = await deps.store.query<AgentRecord>({
    pk: agentsPartition(actor.orgId),
    sk: { beginsWith: agentPrefix },
    limit,
    reverse: true,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  return { items: page.items.map(agentSummaryView), nextCursor: page.nextCursor };
}

export async function getAgent(deps: WorkbenchDeps, actor: Actor, agentId: string): Promise<AgentView> {
  authorize(actor, 'agent:read');
  return agentView(await readAgent(deps, actor, agentId));
}

export async function updateAgent(
  deps: WorkbenchDeps,
  actor: Actor,
  agentId: string,
  input: UpdateAgentInput,
): Promise<AgentView> {
  authorize(actor, 'agent:update');
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('A body is required');
  if (!Number.isSafeInteger(input.version) || input.version < 1) {
    throw AppError.invalidInput('version (from GET) is required for an edit', { field: 'version' });
  }
  const current = await readAgent(deps, actor, agentId);
  const set: Partial<AgentRecord> = { updatedAt: deps.clock.nowMs() };
  if (input.name !== undefined) set.name = checkName(input.name);
  if (input.description !== undefined) set.description = checkDescription(input.description);
  if (input.graph !== undefined) set.graph = await validateGraph(input.graph, deps.executors);
  if (input.limits !== undefined) set.limits = checkAgentLimits(input.limits);
  if (input.allowedHosts !== undefined) set.allowedHosts = checkAllowedHosts(input.allowedHosts);
  if (current.version !== input.version) throw staleEdit(current.version);
  try {
    const updated = await deps.store.update<AgentRecord>(agentKey(actor.orgId, agentId), {
      set,
      condition: [{ kind: 'versionEquals', version: input.version }],
    });
    return agentView(updated);
  } catch (error) {
    if (error instanceof ConditionFailedError) throw staleEdit(undefined);
    throw error;
  }
}

function staleEdit(currentVersion: number | undefined): AppError {
  return AppError.conflict('The agent was changed since you loaded it; reload and apply your edit again', {
    reason: 'stale_version',
    ...(currentVersion ? { currentVersion } : {}),
  });
}

export async function deleteAgent(deps: WorkbenchDeps, actor: Actor, agentId: string): Promise<void> {
  authorize(actor, 'agent:delete');
  const current = await readAgent(deps, actor, agentId);
  const schedules = await storedSchedules(deps.store, actor.orgId, agentId);
  try {
    await deps.store.transact([
      {
        kind: 'delete',
        key: agentKey(actor.orgId, agentId),
        condition: [{ kind: 'versionEquals', version: current.version }],
      },
      { kind: 'update', key: agentCountKey(actor.orgId), changes: { add: { count: -1 } } },
      // Its schedules stop with it.
      ...removeSchedules(actor.orgId, agentId, schedules),
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw AppError.conflict('The agent changed while it was being deleted; try again');
    throw error;
  }
}

export async function publishAgent(deps: WorkbenchDeps, actor: Actor, agentId: string): Promise<VersionView> {
  authorize(actor, 'agent:publish');
  const current = await readAgent(deps, actor, agentId);
  // Node types may have been removed since the draft was saved: publish only what still validates.
  const graph = await validateGraph(current.data.graph, deps.executors);
  const version = (current.data.publishedVersion ?? 0) + 1;
  const record: VersionRecord = { agentId, version, graph, publishedBy: actor.userId, publishedAt: deps.clock.nowMs() };
  // The scheduler reads the published version's schedule triggers; they change with it.
  const schedules = replaceSchedules(
    actor.orgId,
    agentId,
    graph,
    record.publishedAt,
    await storedSchedules(deps.store, actor.orgId, agentId),
  );
  try {
    await deps.store.transact([
      {
        kind: 'put',
        item: { ...versionKey(actor.orgId, agentId, version), data: record },
        condition: [{ kind: 'notExists' }],
      },
      {
        kind: 'update',
        key: agentKey(actor.orgId, agentId),
        changes: {
          set: { publishedVersion: version },
          condition: [{ kind: 'versionEquals', version: current.version }],
        },
      },
      ...schedules,
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw AppError.conflict('The agent changed while it was being published; try again');
    throw error;
  }
  return versionView(record);
}

export async function rotateWebhookSecret(deps: WorkbenchDeps, actor: Actor, agentId: string): Promise<AgentView> {
  authorize(actor, 'agent:update');
  await readAgent(deps, actor, agentId);
  const { secret, hash } = newWebhookSecret();
  const updated = await deps.store.update<AgentRecord>(agentKey(actor.orgId, agentId), {
    set: { webhookSecretHash: hash, updatedAt: deps.clock.nowMs() },
    condition: [{ kind: 'exists' }],
  });
  return agentView(updated, secret);
}
