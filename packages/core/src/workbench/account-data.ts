/**
 * The workbench's part in account export and deletion (identity's account extensions).
 *
 * Export: the agents the user created and the runs the user started (with their input, outputs and
 * error), in every organisation they belong to. Step records and run logs stay out: they are the
 * engine's trace of the same run, often large, and readable in the app while the account exists.
 *
 * Deletion: nothing of the workbench's own. Everything it keeps for an organisation lies under T#<orgId>,
 * so identity's organisation purge removes it with an organisation deleted with the account. In
 * organisations that keep existing, agents and runs are the organisation's work and stay; the runs name
 * the user only by id.
 */
import type { AccountExportContext } from '../identity/account-extensions.ts';
import { readPartition } from '../shared/partition-items.ts';
import { agentPrefix, agentRunsIndex, agentsPartition } from './keys.ts';
import type { AgentRecord, RunRecord } from './records.ts';
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
