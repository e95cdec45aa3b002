/**
 * Every item key the workbench writes (single-table design, DESIGN §3).
 *
 *   T#<orgId>#AGENTS / A#<agentId>              an agent: its draft graph, settings, webhook secret hash
 *     gsi1: AGENT#<agentId> / AGENT              the webhook route's named cross-tenant lookup (no org in its URL)
 *   T#<orgId>#AGENTS / COUNT                     how many agents the organisation has (atomic adds, plan quota)
 *   T#<orgId>#AGENT#<agentId> / V#<000001>       an immutable published version of the graph
 *   T#<orgId>#RUN#<runId> / RUN                  a run: status, limits, usage counters, outputs
 *     gsi1: T#<orgId>#AGENT#<agentId>#RUNS / <runId>   the agent's run history (ids sort by time)
 *     gsi2, one of (the run is in at most one at a time):
 *       WB#QUEUED#<shard> / <createdAt:15>#<orgId>#<runId>     from creation until its start job admits it or
 *                                                             parks it (the sweep's named cross-tenant index
 *                                                             of runs whose start job may have been lost)
 *       T#<orgId>#WB#WAITING / <runId>                         while it waits for a slot (its start job found none)
 *       WB#RUNNING#<shard> / <deadline:15>#<orgId>#<runId>     while it runs, until it ends (the sweep finds
 *                                                             runs past their deadline whose step job was lost)
 *   T#<orgId>#RUN#<runId> / GRAPH                the graph the run executes (a draft snapshot)
 *   T#<orgId>#RUN#<runId> / STEP#<nodeId>        one node's execution: status, input, output, usage
 *   T#<orgId>#RUN#<runId> / LOGSEQ               the run log's atomic sequence counter
 *   T#<orgId>#RUN#<runId> / LOG#<seq:10>         one log event
 *   T#<orgId>#WB / RUNNING                       runs of the organisation holding a concurrency slot
 *   T#<orgId>#WB / WAITING                       marker: the organisation has (had) runs waiting for a slot
 *     gsi1: WB#WAITING_ORGS#<shard> / <orgId>    the sweep's named cross-tenant list of such organisations
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
export const versionsPartition = (orgId: string, agentId: string) => `T#${orgId}#AGENT#${agentId}`;
export const versionKey = (orgId: string, agentId: string, version: number) => ({
  pk: versionsPartition(orgId, agentId),
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

/** The organisation's workbench counters and markers. */
export const orgWorkbenchPartition = (orgId: string) => `T#${orgId}#WB`;
export const runningCounterKey = (orgId: string) => ({ pk: orgWorkbenchPartition(orgId), sk: 'RUNNING' });
export const monthlyRunsKey = (orgId: string, month: string) => ({
  pk: orgWorkbenchPartition(orgId),
  sk: `RUNS#${month}`,
});

/**
 * The sweep's two indexes (stranded-runs.ts) are global, so each is spread over `sweepShards`
 * partitions by run id: a burst of new runs does not write one hot index partition, and the sweep
 * reads every shard's oldest entries (sort key starts with a zero-padded time) with one query each.
 */
export const sweepShards = 8;
const padMs = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, '0');
export function sweepShardOf(runId: string): number {
  let hash = 0;
  for (let i = 0; i < runId.length; i++) hash = (hash * 31 + runId.charCodeAt(i)) >>> 0;
  return hash % sweepShards;
}
export const queuedRunsIndex = (shard: number) => `WB#QUEUED#${shard}`;
export const runningRunsIndex = (shard: number) => `WB#RUNNING#${shard}`;
/** Index keys placing a new run in the queued-runs index (until its start job admits or parks it). */
export const queuedRunIndexKeys = (orgId: string, runId: string, createdAt: number) => ({
  gsi2pk: queuedRunsIndex(sweepShardOf(runId)),
  gsi2sk: `${padMs(createdAt)}#${orgId}#${runId}`,
});
/** Index keys placing a running run in the running-runs index, sorted by its deadline. */
export const runningRunIndexKeys = (orgId: string, runId: string, deadline: number) => ({
  gsi2pk: runningRunsIndex(sweepShardOf(runId)),
  gsi2sk: `${padMs(deadline)}#${orgId}#${runId}`,
});
/** Sort keys below this bound are index entries older than `ms` (the sweep's `lt` condition). */
export const sweepBound = (ms: number) => padMs(ms);

/** Written when a run is parked in its organisation's waiting index; the sweep kicks those organisations. */
export const waitingMarkerKey = (orgId: string) => ({ pk: orgWorkbenchPartition(orgId), sk: 'WAITING' });
export const waitingOrgsIndex = (shard: number) => `WB#WAITING_ORGS#${shard}`;
export const waitingMarkerIndexKeys = (orgId: string) => ({
  gsi1pk: waitingOrgsIndex(sweepShardOf(orgId)),
  gsi1sk: orgId,
});
