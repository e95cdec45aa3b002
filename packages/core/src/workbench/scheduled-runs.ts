/**
 * The schedule trigger's tick (`workbench.schedules.tick`, sent by the periodic-jobs registry every
 * minute from the Node server's timer or the scheduler Lambda): reads every stored schedule (the
 * published versions' schedule triggers), finds the slots due at the tick (schedule/due-schedules.ts)
 * and starts one run per slot. The slot's claim marker is written in the run's own transaction, so
 * of two ticks that see the same slot (a retried tick, two servers, the server and the Lambda) exactly
 * one starts a run, and a crash cannot claim a slot without its run or start a run twice.
 */
import type { Actor } from '../shared/actor.ts';
import { ConditionFailedError, isAppError } from '../shared/errors.ts';
import { authorize } from './agents.ts';
import { loadCronParser } from './graph-libraries.ts';
import { agentKey } from './keys.ts';
import type { AgentRecord } from './records.ts';
import { loadVersionGraph } from './run-graph.ts';
import { startNodesFor } from './run-triggers.ts';
import { createRun } from './runs.ts';
import type { StoredSchedule } from './schedule/agent-schedules.ts';
import { scheduleSlotClaimOperation } from './schedule/claim-slot.ts';
import { type DueSlot, dueSchedules } from './schedule/due-schedules.ts';
import { scheduleIndexPartition, scheduleSlotKey } from './schedule/keys.ts';
import type { GraphScheduleEntry } from './schedule/schedules-in-graph.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export const scheduleTickJobType = 'workbench.schedules.tick';

export interface ScheduleTickJob {
  /** The tick's scheduled time (epoch ms): which slots are due is decided by it, not by when the job runs. */
  tickAtMs?: number;
}

export interface ScheduleTickResult {
  started: { agentId: string; slotTime: string; runId: string }[];
  /** Already started by another tick, or not startable (agent gone, creator without access, quota spent). */
  skipped: { agentId: string; slotTime: string; reason: string }[];
}

type ActorFor = (orgId: string, userId: string) => Promise<Actor | null>;

export async function handleScheduleTick(
  deps: WorkbenchDeps,
  actorFor: ActorFor,
  job: ScheduleTickJob,
): Promise<ScheduleTickResult> {
  const tickAtMs = typeof job?.tickAtMs === 'number' ? job.tickAtMs : deps.clock.nowMs();
  const entries: GraphScheduleEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<StoredSchedule>({
      index: 'gsi1',
      pk: scheduleIndexPartition,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    entries.push(...page.items.map((item) => item.data));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const result: ScheduleTickResult = { started: [], skipped: [] };
  await loadCronParser();
  // Each entry is one schedule trigger: its slot names the trigger, so the run starts from it alone.
  const slots = entries.flatMap((entry) =>
    dueSchedules([entry], new Date(tickAtMs)).map(
      (slot): DueSlot => ({
        ...slot,
        triggerNodeId: entry.triggerNodeId,
        slotKey: scheduleSlotKey(slot.agentId, slot.slotTime, entry.triggerNodeId),
      }),
    ),
  );
  for (const slot of slots) {
    const slotTime = slot.slotTime.toISOString();
    try {
      const runId = await startScheduledRun(deps, actorFor, slot);
      if (typeof runId === 'string') result.started.push({ agentId: slot.agentId, slotTime, runId });
      else result.skipped.push({ agentId: slot.agentId, slotTime, reason: runId.reason });
    } catch (error) {
      // One schedule's failure (quota, a storage error) must not keep the others from starting.
      if (error instanceof ConditionFailedError) {
        result.skipped.push({ agentId: slot.agentId, slotTime, reason: 'already_started' });
      } else if (isAppError(error)) {
        result.skipped.push({ agentId: slot.agentId, slotTime, reason: error.code });
      } else {
        throw error;
      }
    }
  }
  return result;
}

async function startScheduledRun(
  deps: WorkbenchDeps,
  actorFor: ActorFor,
  slot: DueSlot,
): Promise<string | { reason: string }> {
  const agent = (await deps.store.get<AgentRecord>(agentKey(slot.orgId, slot.agentId)))?.data;
  if (!agent || agent.publishedVersion === null) return { reason: 'not_published' };
  // The run acts for the agent's creator, with their current role and plan (as the webhook does).
  const actor = await actorFor(agent.organizationId, agent.createdBy);
  if (!actor || actor.orgId !== agent.organizationId) return { reason: 'no_actor' };
  authorize(actor, 'agent:execute');
  const graph = await loadVersionGraph(deps, agent.organizationId, agent.id, agent.publishedVersion);
  if (!graph) return { reason: 'not_published' };
  const claimedAt = new Date(deps.clock.nowMs());
  const run = await createRun(deps, {
    actor,
    agent,
    trigger: 'schedule',
    agentVersion: agent.publishedVersion,
    draftGraph: null,
    graphRunId: null,
    input: { scheduledAt: slot.slotTime.toISOString() },
    variables: {},
    limits: undefined,
    retryOf: null,
    startNodeIds: slot.triggerNodeId
      ? startNodesFor(graph, { kind: 'schedule', triggerNodeId: slot.triggerNodeId })
      : startNodesFor(graph, { kind: 'manual' }),
    alongside: (runId) => [scheduleSlotClaimOperation(slot, claimedAt, runId)],
  });
  return run.id;
}
