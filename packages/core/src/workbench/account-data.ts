/**
 * The workbench's part in account export and deletion (identity's account extensions).
 *
 * Export: the agents the user created and the runs the user started (with their input, outputs and
 * error), in every organisation they belong to. Step records and run logs stay out: they are the
 * engine's trace of the same run, often large, and readable in the app while the account exists.
 *
 * Deletion: an organisation deleted with the account loses everything the workbench kept for it (agents,
 * versions, runs with their steps, logs and graphs, counters, schedule slots). In organisations that keep
 * existing, agents and runs are the organisation's work and stay; the runs name the user only by id.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import { deletePartition, readPartition } from '../shared/partition-items.ts';
import {
  agentPrefix,
  agentRunsIndex,
  agentsPartition,
  orgWorkbenchPartition,
  runPartition,
  versionsPartition,
} from './keys.ts';
import type { AgentRecord, RunRecord } from './records.ts';
import { scheduleSlotPartition } from './schedule/keys.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

type Deps = Pick<WorkbenchDeps, 'store'>;

const agentsOf = async (deps: Deps, orgId: string) =>
  (await readPartition<AgentRecord>(deps.store, { pk: agentsPartition(orgId), prefix: agentPrefix })).map(
    (item) => item.data,
  );

const runsOf = async (deps: Deps, orgId: string, agentId: string) =>
  (await readPartition<RunRecord>(deps.store, { index: 'gsi1', pk: agentRunsIndex(orgId, agentId) })).map(
    (item) => item.data,
  );

export async function exportWorkbenchAccount(deps: Deps, context: AccountExportContext) {
  const agents = [];
  const runs = [];
  for (const orgId of context.organizationIds) {
    for (const agent of await agentsOf(deps, orgId)) {
      if (agent.createdBy === context.userId) {
        const { id, name, description, graph, limits, publishedVersion, createdAt, updatedAt } = agent;
        agents.push({
          id,
          organizationId: orgId,
          name,
          description,
          graph,
          limits,
          publishedVersion,
          createdAt: new Date(createdAt).toISOString(),
          updatedAt: new Date(updatedAt).toISOString(),
        });
      }
      for (const run of await runsOf(deps, orgId, agent.id)) {
        if (run.actor.userId !== context.userId) continue;
        runs.push({
          id: run.id,
          organizationId: orgId,
          agentId: run.agentId,
          agentVersion: run.agentVersion,
          trigger: run.trigger,
          status: run.status,
          input: run.input,
          outputs: run.outputs,
          error: run.error,
          createdAt: new Date(run.createdAt).toISOString(),
          completedAt: run.completedAt === null ? null : new Date(run.completedAt).toISOString(),
        });
      }
    }
  }
  return { agents, runs };
}

export async function deleteWorkbenchAccount(deps: Deps, context: AccountDeletionContext): Promise<void> {
  for (const orgId of context.deletedOrganizationIds) await deleteWorkbenchOf(deps, orgId);
}

/** Everything the workbench keeps for an organisation that no longer exists. Safe to repeat. */
async function deleteWorkbenchOf(deps: Deps, orgId: string): Promise<void> {
  for (const agent of await agentsOf(deps, orgId)) {
    for (const run of await runsOf(deps, orgId, agent.id)) {
      await deletePartition(deps.store, { pk: runPartition(orgId, run.id) });
    }
    await deletePartition(deps.store, { pk: versionsPartition(orgId, agent.id) });
  }
  // The agents (and the agent count) last: while they exist, a retry finds their runs again.
  await deletePartition(deps.store, { pk: agentsPartition(orgId) });
  await deletePartition(deps.store, { pk: orgWorkbenchPartition(orgId) });
  await deletePartition(deps.store, { pk: scheduleSlotPartition(orgId) });
}
