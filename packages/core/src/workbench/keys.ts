/**
 * Every item key the workbench writes (single-table design, DESIGN §3).
 *
 *   T#<orgId>#AGENTS / A#<agentId>              an agent: its draft graph, settings, webhook secret hash
 *     gsi1: AGENT#<agentId> / AGENT              the webhook route's named cross-tenant lookup (no org in its URL)
 *   T#<orgId>#AGENTS / COUNT                     how many agents the organisation has (atomic adds, plan quota)
 *   T#<orgId>#AGENT#<agentId> / V#<000001>       an immutable published version of the graph
 *   T#<orgId>#RUN#<runId> / RUN                  a run: status, limits, usage counters, outputs
 *     gsi1: T#<orgId>#AGENT#<agentId>#RUNS / <runId>   the agent's run history (ids sort by time)
 *     gsi2: T#<orgId>#WB#WAITING / <runId>             present while the run waits for a slot (its start job found none)
 *   T#<orgId>#RUN#<runId> / GRAPH                the graph the run executes (a draft snapshot)
 *   T#<orgId>#RUN#<runId> / STEP#<nodeId>        one node's execution: status, input, output, usage
 *   T#<orgId>#RUN#<runId> / LOGSEQ               the run log's atomic sequence counter
 *   T#<orgId>#RUN#<runId> / LOG#<seq:10>         one log event
 *   T#<orgId>#WB / RUNNING                       runs of the organisation holding a concurrency slot
 *   T#<orgId>#WB / RUNS#<yyyy-mm>                runs started this month (plan quota)
 */

export const agentsPartition = (orgId: string) => `T#${orgId}#AGENTS`;
export const agentPrefix = 'A#';
export const agentKey = (orgId: string, agentId: string) => ({
  pk: agentsPartition(orgId),
  sk: `${agentPrefix}${agentId}`,
});
export const agentWebhookIndex = (agentId: string) => ({ gsi1pk: `AGENT#${agentId}`, gsi1sk: 'AGENT' });
export const agentCountKey = (orgId: string) => ({ pk: agentsPartition(orgId), sk: 'COUNT' });
export const versionKey = (orgId: string, agentId: string, version: number) => ({
  pk: `T#${orgId}#AGENT#${agentId}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});

export const runPartition = (orgId: string, runId: string) => `T#${orgId}#RUN#${runId}`;
export const runKey = (orgId: string, runId: string) => ({ pk: runPartition(orgId, runId), sk: 'RUN' });
export const runGraphKey = (orgId: string, runId: string) => ({ pk: runPartition(orgId, runId), sk: 'GRAPH' });
export const agentRunsIndex = (orgId: string, agentId: string) => `T#${orgId}#AGENT#${agentId}#RUNS`;
export const waitingIndex = (orgId: string) => `T#${orgId}#WB#WAITING`;
export const stepPrefix = 'STEP#';
export const stepKey = (orgId: string, runId: string, nodeId: string) => ({
  pk: runPartition(orgId, runId),
  sk: `${stepPrefix}${nodeId}`,
});
export const logSeqKey = (orgId: string, runId: string) => ({ pk: runPartition(orgId, runId), sk: 'LOGSEQ' });
export const logPrefix = 'LOG#';
export const logSortKey = (seq: number) => `${logPrefix}${String(seq).padStart(10, '0')}`;

export const runningCounterKey = (orgId: string) => ({ pk: `T#${orgId}#WB`, sk: 'RUNNING' });
export const monthlyRunsKey = (orgId: string, month: string) => ({ pk: `T#${orgId}#WB`, sk: `RUNS#${month}` });
