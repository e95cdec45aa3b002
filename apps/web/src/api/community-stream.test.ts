/**
 * The web's stream reader against the real platform: it sends the bearer token (refreshing a refused
 * one), and when the server ends a stream it reconnects with Last-Event-ID, so events written while it
 * was disconnected arrive exactly once and in order.
 */
import { TokensResponse } from '@diatonic/api-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlatform, startPlatform } from '../../e2e/platform-server.ts';
import { followCommunityStream, type StreamEvent } from './community-stream.ts';
import { sessionStore } from './session-store.ts';

describe('followCommunityStream against the real platform', () => {
  let platform: RunningPlatform;
  const realFetch = globalThis.fetch;
  let streamRequests = 0;

  beforeAll(async () => {
    platform = await startPlatform({ env: process.env });
    globalThis.fetch = (input, init) => {
      const url = new URL(String(input), platform.baseUrl);
      if (url.pathname === '/api/community/stream') streamRequests += 1;
      return realFetch(url, init);
    };
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await platform?.stop();
  });

  it('resumes after each server-ended stream without losing or repeating events', { timeout: 60_000 }, async () => {
    const signup = await realFetch(`${platform.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `stream-${Date.now()}@example.com`,
        password: 'Amber-Lantern-73',
        name: 'Streamer',
      }),
    });
    const tokens = TokensResponse.parse(await signup.json());
    const orgId = tokens.user.personalOrganizationId;
    // A refused access token first: the reader must refresh and carry on.
    sessionStore.setTokens(`${tokens.accessToken.slice(0, -4)}AAAA`, tokens.refreshToken);
    sessionStore.setActiveOrganization(orgId);

    const received: StreamEvent[] = [];
    let opened = 0;
    const controller = new AbortController();
    const done = followCommunityStream({
      signal: controller.signal,
      maxSeconds: 1,
      retryDelayMs: 300,
      onOpen: () => {
        opened += 1;
      },
      onEvent: (event) => received.push(event),
    });
    await expect.poll(() => opened).toBeGreaterThanOrEqual(1);

    const titles = Array.from({ length: 6 }, (_, i) => `Post ${i}`);
    for (const title of titles) {
      const token = sessionStore.get().accessToken;
      const res = await realFetch(`${platform.baseUrl}/api/community/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-organization-id': orgId, 'content-type': 'application/json' },
        body: JSON.stringify({ title, content: 'streamed' }),
      });
      expect(res.status).toBe(201);
      // Spread over several server-ended streams and the reconnect gaps between them.
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(titles.length);
    controller.abort();
    await done;
    expect(received.map((e) => e.type)).toEqual(titles.map(() => 'post.created'));
    const ids = received.map((e) => Number(e.id));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    expect(opened).toBeGreaterThan(1);
    expect(streamRequests).toBeGreaterThan(opened);
  });
});
