/**
 * Ends a run: its terminal status and the release of its concurrency slot in one transaction
 * (conditional on the run still running, so exactly one finisher wins), then waiting runs of the
 * organisation are started. Used by the engine (completed, failed, limits) and by stop.
 */
import { ConditionFailedError } from '../shared/errors.ts';
import { kickWaiting } from './admission.ts';
import { runKey, runningCounterKey } from './keys.ts';
import type { RunError, RunRecord, RunStatus } from './records.ts';
import { appendLogs, logPuts, type NewLog } from './run-log.ts';
import type { WorkbenchDeps } from './workbench-deps.ts';

export interface RunEnding {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  outputs?: Record<string, unknown>;
  error?: RunError;
}

/** True when this call ended the run; false when it had already ended (or never started). */
export async function finishRun(deps: WorkbenchDeps, run: RunRecord, ending: RunEnding): Promise<boolean> {
  const now = deps.clock.nowMs();
  // The run's last log line is written with its ending (one transaction).
  const log = await logPuts(deps, run.organizationId, run.id, [runEndLog(ending)]);
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: runKey(run.organizationId, run.id),
        changes: {
          set: {
            status: ending.status,
            completedAt: now,
            ...(ending.outputs ? { outputs: ending.outputs } : {}),
            ...(ending.error ? { error: ending.error } : {}),
          },
          index: { gsi2pk: null, gsi2sk: null },
          condition: [{ kind: 'compare', field: 'status', op: '=', value: 'running' }],
        },
      },
      { kind: 'update', key: runningCounterKey(run.organizationId), changes: { add: { running: -1 } } },
      ...log,
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
  await afterRunEnded(deps, run, ending, { logged: true });
  return true;
}

function runEndLog(ending: RunEnding): NewLog {
  return {
    kind: 'run',
    nodeId: ending.error?.nodeId ?? null,
    level: ending.status === 'completed' ? 'info' : ending.status === 'stopped' ? 'warn' : 'error',
    message: ending.error ? `Run ${ending.status}: ${ending.error.message}` : `Run ${ending.status}`,
    data: { status: ending.status, ...(ending.error ? { code: ending.error.code } : {}) },
  };
}

/** What follows a run's ending: abort its steps here, wake `?wait=` callers, log it (unless done), notify, admit waiting runs. */
export async function afterRunEnded(
  deps: WorkbenchDeps,
  run: RunRecord,
  ending: RunEnding,
  options: { logged?: boolean } = {},
): Promise<void> {
  // Parallel branches still in flight in this process stop at once; others see the status when they poll.
  if (ending.status !== 'completed') deps.aborts.abortRun(run.id, `run ${ending.status}`);
  deps.aborts.finished(run.id);
  if (!options.logged) await appendLogs(deps, run.organizationId, run.id, [runEndLog(ending)]);
  if (ending.status === 'failed' && deps.notify) {
    await deps
      .notify({
        organizationId: run.organizationId,
        userId: run.actor.userId,
        kind: 'workbench.run_failed',
        title: 'An agent run failed',
        body: ending.error?.message ?? 'The run failed',
        link: `/workbench/runs/${run.id}`,
        dedupeKey: `run_failed:${run.id}`,
      })
      .catch(() => {});
  }
  await kickWaiting(deps, run.organizationId, run.actor.plan);
}
