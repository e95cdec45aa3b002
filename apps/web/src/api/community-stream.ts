/**
 * The community event stream (`GET /api/community/stream`, Server-Sent Events) read with fetch, because
 * EventSource cannot send the bearer token. Reconnects after the server ends a stream or the network
 * drops, sending `Last-Event-ID` so nothing is missed, and refreshes the access token on a 401.
 */
import { refreshSession } from './refresh-session.ts';
import { sessionStore } from './session-store.ts';

export interface StreamEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface StreamOptions {
  scope?: 'organization' | 'public';
  onEvent(event: StreamEvent): void;
  /** Called once the stream is connected (after each reconnect too). */
  onOpen?(): void;
  signal: AbortSignal;
  /** Ask the server to end each stream after this long (it defaults to 300 s); the reader reconnects. */
  maxSeconds?: number;
  /** Pause before reconnecting; defaults to 2 s. */
  retryDelayMs?: number;
}

function parseBlock(block: string): { id?: string; event?: string; data?: string } {
  const out: { id?: string; event?: string; data?: string } = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') out.id = value;
    else if (field === 'event') out.event = value;
    else if (field === 'data') out.data = out.data === undefined ? value : `${out.data}\n${value}`;
  }
  return out;
}

export async function followCommunityStream(options: StreamOptions): Promise<void> {
  const { signal } = options;
  let lastId: string | null = null;
  let staleToken: string | null = null;
  while (!signal.aborted) {
    try {
      const token: string = staleToken
        ? await refreshSession(staleToken)
        : (sessionStore.get().accessToken ?? (await refreshSession()));
      staleToken = null;
      const orgId = sessionStore.get().activeOrganizationId;
      const params = new URLSearchParams(options.scope ? { scope: options.scope } : {});
      if (options.maxSeconds !== undefined) params.set('maxSeconds', String(options.maxSeconds));
      const response = await fetch(`/api/community/stream?${params}`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
          ...(orgId ? { 'x-organization-id': orgId } : {}),
          ...(lastId ? { 'last-event-id': lastId } : {}),
        },
        signal,
      });
      if (response.status === 401) {
        staleToken = token;
        continue;
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      options.onOpen?.();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (block.id) lastId = block.id;
          if (!block.event || block.event === 'ready' || block.data === undefined) continue;
          const parsed = JSON.parse(block.data) as { id: string; type: string; payload: Record<string, unknown> };
          options.onEvent({ id: parsed.id, type: parsed.type, payload: parsed.payload });
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 2_000));
  }
}
