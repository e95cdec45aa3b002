/**
 * The session handling of the API client against the real platform: an access token the server refuses is
 * refreshed once and the request retried; concurrent refusals share one refresh (presenting a rotated
 * refresh token twice would make the server revoke the session); a refused refresh token ends the session.
 * Node has no page origin, so relative `/api/...` URLs are resolved against the platform's address.
 */
import { MeResponse, TokensResponse } from '@diatonic/api-schemas';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningPlatform, startPlatform } from '../../e2e/platform-server.ts';
import { ApiError } from './api-error.ts';
import { apiAuthed } from './authed-request.ts';
import { sessionStore } from './session-store.ts';

const password = 'Amber-Lantern-73';

describe('apiAuthed against the real platform', () => {
  let platform: RunningPlatform;
  const realFetch = globalThis.fetch;
  const refreshCalls: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ env: process.env });
    globalThis.fetch = (input, init) => {
      const url = new URL(String(input), platform.baseUrl);
      if (url.pathname === '/api/auth/refresh') refreshCalls.push(String(init?.body));
      return realFetch(url, init);
    };
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await platform?.stop();
  });

  beforeEach(() => {
    sessionStore.clear();
    refreshCalls.length = 0;
  });

  async function signUp(email: string): Promise<TokensResponse> {
    const response = await realFetch(`${platform.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: 'Session Test' }),
    });
    expect(response.status).toBe(201);
    return TokensResponse.parse(await response.json());
  }

  /** An access token the server refuses: a real one with its signature cut short. */
  const refused = (accessToken: string) => `${accessToken.slice(0, -8)}AAAAAAAA`;

  it('refreshes a refused access token once and retries the request', async () => {
    const tokens = await signUp(`retry-${Date.now()}@example.com`);
    sessionStore.setTokens(refused(tokens.accessToken), tokens.refreshToken);

    const me = await apiAuthed('/api/auth/me', MeResponse);

    expect(me.user.id).toBe(tokens.user.id);
    expect(refreshCalls).toHaveLength(1);
    expect(sessionStore.get().refreshToken).not.toBe(tokens.refreshToken);
    expect(sessionStore.get().accessToken).not.toBe(refused(tokens.accessToken));
  });

  it('shares one refresh between concurrent requests, so the session survives rotation', async () => {
    const tokens = await signUp(`concurrent-${Date.now()}@example.com`);
    sessionStore.setTokens(refused(tokens.accessToken), tokens.refreshToken);

    const results = await Promise.all([1, 2, 3, 4].map(() => apiAuthed('/api/auth/me', MeResponse)));

    expect(results.map((me) => me.user.id)).toEqual(Array(4).fill(tokens.user.id));
    expect(refreshCalls).toHaveLength(1);
    // The rotated token still works: the server did not see a reuse and revoke the family.
    sessionStore.setTokens(refused(tokens.accessToken), sessionStore.get().refreshToken ?? '');
    await expect(apiAuthed('/api/auth/me', MeResponse)).resolves.toMatchObject({ user: { id: tokens.user.id } });
  });

  it('ends the session when the refresh token is refused', async () => {
    const tokens = await signUp(`ended-${Date.now()}@example.com`);
    sessionStore.setTokens(refused(tokens.accessToken), 'not-a-refresh-token');

    const failure = await apiAuthed('/api/auth/me', MeResponse).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('unauthenticated');
    expect((failure as ApiError).message).toBe('Your session has ended. Please log in again.');
    expect(sessionStore.get()).toEqual({ accessToken: null, refreshToken: null, activeOrganizationId: null });
  });

  it('sends the active organisation and reports a refused one as forbidden', async () => {
    const tokens = await signUp(`org-${Date.now()}@example.com`);
    sessionStore.setTokens(tokens.accessToken, tokens.refreshToken);
    sessionStore.setActiveOrganization(tokens.user.personalOrganizationId);
    const me = await apiAuthed('/api/auth/me', MeResponse);
    expect(me.activeOrganization?.id).toBe(tokens.user.personalOrganizationId);

    const other = await signUp(`other-${Date.now()}@example.com`);
    sessionStore.setActiveOrganization(other.user.personalOrganizationId);
    const failure = await apiAuthed('/api/auth/me', MeResponse).catch((error: unknown) => error);
    expect((failure as ApiError).status).toBe(403);
    expect(refreshCalls).toHaveLength(0);
  });
});
