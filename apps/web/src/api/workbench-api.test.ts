/**
 * followRunLogs against a scripted fetch: a stream that drops is resumed with `after` = the last id seen,
 * so no entry is lost or repeated; a stream that cannot be opened falls back to polling the JSON log;
 * a refusal (404) is final.
 */
import type { RunLog, RunStatus } from '@diatonic/api-schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { sessionStore } from './session-store.ts';
import { followRunLogs } from './workbench-api.ts';

const entry = (id: number, kind: RunLog['kind'] = 'log'): RunLog => ({
  id,
  at: '2026-11-26T04:00:00.000Z',
  kind,
  nodeId: kind === 'log' ? null : 'llm',
  level: 'info',
  message: `entry ${id}`,
});

const sse = (events: string[]) =>
  new Response(events.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
const logEvent = (item: RunLog) => `event: log\nid: ${item.id}\ndata: ${JSON.stringify(item)}\n\n`;
const endEvent = (status: RunStatus) => `event: end\ndata: ${JSON.stringify({ status, lastId: 0 })}\n\n`;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('followRunLogs', () => {
  const realFetch = globalThis.fetch;
  const requests: { url: string; accept: string }[] = [];
  let answers: (() => Response)[] = [];

  beforeEach(() => {
    sessionStore.setTokens('access', 'refresh');
    requests.length = 0;
    globalThis.fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      requests.push({ url: String(input), accept: headers.get('accept') ?? '' });
      const next = answers.shift();
      if (!next) throw new Error(`unexpected request ${String(input)}`);
      return next();
    };
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
    sessionStore.clear();
    answers = [];
  });

  async function follow() {
    const received: number[] = [];
    const transports: string[] = [];
    let ended: RunStatus | null = null;
    await followRunLogs({
      runId: 'run_1',
      signal: new AbortController().signal,
      pollMs: 1,
      onEntries: (entries) => received.push(...entries.map((e) => e.id)),
      onTransport: (transport) => transports.push(transport),
      onEnd: (status) => {
        ended = status;
      },
    });
    return { received, transports, ended };
  }

  it('resumes a dropped stream after the last id, without repeats', async () => {
    answers = [
      () => sse([logEvent(entry(1)), logEvent(entry(2, 'token'))]),
      // The server resends entry 2 (a proxy replay): it is not delivered twice.
      () => sse([logEvent(entry(2, 'token')), logEvent(entry(3)), endEvent('completed')]),
    ];
    const { received, ended } = await follow();
    expect(received).toEqual([1, 2, 3]);
    expect(ended).toBe('completed');
    expect(requests.map((r) => r.url)).toEqual(['/api/runs/run_1/logs?after=0', '/api/runs/run_1/logs?after=2']);
    expect(requests.every((r) => r.accept === 'text/event-stream')).toBe(true);
  });

  it('polls the JSON log when the stream keeps failing', async () => {
    answers = [
      () => json(503, { error: { code: 'unavailable', message: 'x', requestId: 'r' } }),
      () => json(503, { error: { code: 'unavailable', message: 'x', requestId: 'r' } }),
      () => json(200, { items: [entry(1), entry(2)], status: 'running', lastId: 2 }),
      () => json(200, { items: [], status: 'running', lastId: 2 }),
      () => json(200, { items: [entry(3)], status: 'stopped', lastId: 3 }),
      () => json(200, { items: [], status: 'stopped', lastId: 3 }),
    ];
    const { received, transports, ended } = await follow();
    expect(received).toEqual([1, 2, 3]);
    expect(ended).toBe('stopped');
    expect(transports.at(-1)).toBe('polling');
    expect(requests.slice(2).map((r) => r.url)).toEqual([
      '/api/runs/run_1/logs?after=0&limit=1000',
      '/api/runs/run_1/logs?after=2&limit=1000',
      '/api/runs/run_1/logs?after=2&limit=1000',
      '/api/runs/run_1/logs?after=3&limit=1000',
    ]);
  });

  it('gives up on a run it may not read', async () => {
    answers = [() => json(404, { error: { code: 'not_found', message: 'No run', requestId: 'r' } })];
    await expect(follow()).rejects.toBeInstanceOf(ApiError);
  });
});
