/**
 * One run followed live: the run polled until it ends (useRun) and its log followed over SSE, resumed
 * from the last id after a drop, falling back to polling the JSON log (followRunLogs). Gives the node
 * views the canvas and the run panel render.
 */
import type { Run } from '@diatonic/api-schemas';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { followRunLogs } from '../../api/workbench-api.ts';
import { useSession } from '../auth/use-session.ts';
import { applyLogEntries, emptyLiveLog, type LiveLog, nodeViews } from './run-state.ts';
import { runKey, useRun } from './use-workbench.ts';

export interface LiveRun {
  run: Run | null;
  runError: unknown;
  live: LiveLog;
  logError: unknown;
  transport: 'stream' | 'polling' | null;
  views: ReturnType<typeof nodeViews>;
}

export function useLiveRun(runId: string | null): LiveRun {
  const run = useRun(runId);
  const queryClient = useQueryClient();
  const { activeOrganizationId } = useSession();
  const [live, setLive] = useState<LiveLog>(emptyLiveLog);
  const [logError, setLogError] = useState<unknown>(null);
  const [transport, setTransport] = useState<'stream' | 'polling' | null>(null);

  useEffect(() => {
    setLive(emptyLiveLog);
    setLogError(null);
    setTransport(null);
    if (!runId) return;
    const controller = new AbortController();
    followRunLogs({
      runId,
      signal: controller.signal,
      onEntries: (entries) => setLive((current) => applyLogEntries(current, entries)),
      onTransport: setTransport,
      // The log has drained: read the run once more for its final outputs and metrics.
      onEnd: () => void queryClient.invalidateQueries({ queryKey: runKey(activeOrganizationId, runId) }),
    }).catch((error: unknown) => {
      if (!controller.signal.aborted) setLogError(error);
    });
    return () => controller.abort();
  }, [runId, queryClient, activeOrganizationId]);

  const data = run.data ?? null;
  const views = useMemo(() => nodeViews(data, live), [data, live]);
  return { run: data, runError: run.error, live, logError, transport, views };
}
