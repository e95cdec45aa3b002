/**
 * The workbench routes: agents (`/api/agents`), their runs (`/api/runs`) and a run's log, read as JSON
 * pages or followed live over Server-Sent Events (resumed from the last log id after a drop).
 */
import {
  Agent,
  type AgentGraph,
  AgentPage,
  AgentVersion,
  type ExecuteAgentRequest,
  Run,
  RunLog,
  RunLogPage,
  RunPage,
  type RunStatus,
} from '@diatonic/api-schemas';
import { ApiError } from './api-error.ts';
import { apiAuthedFetch } from './authed-fetch.ts';
import { apiAuthed } from './authed-request.ts';
import { noContent } from './client.ts';
import { readServerSentEvents } from './sse.ts';

const id = (value: string) => encodeURIComponent(value);

export function listAgents(cursor: string | null, signal?: AbortSignal): Promise<AgentPage> {
  const params = new URLSearchParams({ limit: '50' });
  if (cursor) params.set('cursor', cursor);
  return apiAuthed(`/api/agents?${params}`, AgentPage, { signal });
}

export function getAgent(agentId: string, signal?: AbortSignal): Promise<Agent> {
  return apiAuthed(`/api/agents/${id(agentId)}`, Agent, { signal });
}

export function createAgent(input: { name: string; description?: string; graph?: AgentGraph }): Promise<Agent> {
  return apiAuthed('/api/agents', Agent, { method: 'POST', body: input });
}

export interface AgentEdit {
  version: number;
  name?: string;
  description?: string;
  graph?: AgentGraph;
}

export function updateAgent(agentId: string, edit: AgentEdit): Promise<Agent> {
  return apiAuthed(`/api/agents/${id(agentId)}`, Agent, { method: 'PUT', body: edit });
}

export function deleteAgent(agentId: string): Promise<void> {
  return apiAuthed(`/api/agents/${id(agentId)}`, noContent, { method: 'DELETE' });
}

export function publishAgent(agentId: string): Promise<AgentVersion> {
  return apiAuthed(`/api/agents/${id(agentId)}/publish`, AgentVersion, { method: 'POST' });
}

export function rotateWebhookSecret(agentId: string): Promise<Agent> {
  return apiAuthed(`/api/agents/${id(agentId)}/webhook-secret`, Agent, { method: 'POST' });
}

export function executeAgent(agentId: string, request: ExecuteAgentRequest): Promise<Run> {
  return apiAuthed(`/api/agents/${id(agentId)}/execute`, Run, { method: 'POST', body: request });
}

export function listAgentRuns(agentId: string, cursor: string | null, signal?: AbortSignal): Promise<RunPage> {
  const params = new URLSearchParams({ limit: '50' });
  if (cursor) params.set('cursor', cursor);
  return apiAuthed(`/api/agents/${id(agentId)}/runs?${params}`, RunPage, { signal });
}

export function getRun(runId: string, signal?: AbortSignal): Promise<Run> {
  return apiAuthed(`/api/runs/${id(runId)}`, Run, { signal });
}

export function stopRun(runId: string): Promise<Run> {
  return apiAuthed(`/api/runs/${id(runId)}/stop`, Run, { method: 'POST' });
}

export function retryRun(runId: string): Promise<Run> {
  return apiAuthed(`/api/runs/${id(runId)}/retry`, Run, { method: 'POST' });
}

export function getRunLogs(runId: string, after: number, signal?: AbortSignal): Promise<RunLogPage> {
  return apiAuthed(`/api/runs/${id(runId)}/logs?after=${after}&limit=1000`, RunLogPage, { signal });
}

/** The webhook URL of an agent, for a secret the API has just shown. */
export function webhookUrl(origin: string, agentId: string, secret: string): string {
  return `${origin}/api/hooks/${id(agentId)}/${id(secret)}`;
}

export const runEnded = (status: RunStatus) => status === 'completed' || status === 'failed' || status === 'stopped';

export interface FollowLogsOptions {
  runId: string;
  signal: AbortSignal;
  onEntries(entries: RunLog[]): void;
  /** The run's final status, once its log is drained. */
  onEnd(status: RunStatus): void;
  /** Which transport delivers the entries now (SSE, or JSON polling after the stream failed). */
  onTransport?(transport: 'stream' | 'polling'): void;
  /** Pause between polls, and before reconnecting a closed stream; defaults to 1 s. */
  pollMs?: number;
}

/**
 * Follows a run's log until the run ends: SSE first (resumed with `after` = the last id seen, so nothing
 * is repeated or lost across a reconnect); when the stream cannot be opened or keeps failing, JSON pages
 * polled with the same `after`. A refusal (404, 403) is final and rejects.
 */
export async function followRunLogs(options: FollowLogsOptions): Promise<void> {
  const { runId, signal } = options;
  let after = 0;
  let streamFailures = 0;
  const take = (entries: RunLog[]) => {
    const fresh = entries.filter((entry) => entry.id > after);
    if (fresh.length === 0) return;
    after = fresh[fresh.length - 1]?.id ?? after;
    options.onEntries(fresh);
  };
  while (!signal.aborted) {
    if (streamFailures < 2) {
      options.onTransport?.('stream');
      try {
        const ended = await readLogStream(runId, after, signal, take);
        if (ended) return options.onEnd(ended);
        streamFailures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) throw error;
        streamFailures++;
      }
      // A closed or failed stream: pause before the next connection, so a failing server is not hammered.
      await sleep(options.pollMs ?? 1_000, signal);
      continue;
    }
    options.onTransport?.('polling');
    try {
      const page = await getRunLogs(runId, after, signal);
      take(page.items);
      if (page.items.length === 0 && runEnded(page.status)) return options.onEnd(page.status);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) throw error;
    }
    await sleep(options.pollMs ?? 1_000, signal);
  }
}

/** One SSE connection; resolves with the final status on `end`, or null when the server closed early. */
async function readLogStream(
  runId: string,
  after: number,
  signal: AbortSignal,
  take: (entries: RunLog[]) => void,
): Promise<RunStatus | null> {
  const response = await apiAuthedFetch(`/api/runs/${id(runId)}/logs?after=${after}`, {
    method: 'GET',
    accept: 'text/event-stream',
    signal,
  });
  if (!response.body) return null;
  for await (const event of readServerSentEvents(response.body)) {
    const data = parseJson(event.data);
    if (event.event === 'log') {
      const entry = RunLog.safeParse(data);
      if (!entry.success)
        throw new ApiError(200, 'unexpected_response', 'A log event does not match the API schema', null);
      take([entry.data]);
    } else if (event.event === 'end' && isEnd(data)) return data.status;
  }
  return null;
}

function isEnd(value: unknown): value is { status: RunStatus } {
  if (typeof value !== 'object' || value === null) return false;
  const { status } = value as { status?: unknown };
  return status === 'completed' || status === 'failed' || status === 'stopped';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
