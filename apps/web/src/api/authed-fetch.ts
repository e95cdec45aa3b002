/**
 * A raw signed-in request for responses that are not one JSON document, such as the completion's
 * Server-Sent Events: EventSource can neither POST nor send the bearer token, so streams are read from
 * fetch's body instead. Same session handling as apiAuthed (token, active organisation, one refresh and
 * retry on 401); a failed response becomes the ApiError of its envelope, so callers only ever see an ok
 * Response.
 */
import { ApiError, parseApiError } from './api-error.ts';
import type { ApiPath } from './client.ts';
import { freshAccessToken, refreshSession, sessionEndedError } from './refresh-session.ts';
import { sessionStore } from './session-store.ts';

export interface AuthedFetchOptions {
  method: 'GET' | 'POST';
  body?: unknown;
  accept: string;
  signal?: AbortSignal;
}

export async function apiAuthedFetch(path: ApiPath, options: AuthedFetchOptions): Promise<Response> {
  const orgId = sessionStore.get().activeOrganizationId;
  if (!sessionStore.get().refreshToken && !sessionStore.get().accessToken) throw sessionEndedError();

  const send = async (accessToken: string): Promise<Response> => {
    const headers: Record<string, string> = { accept: options.accept, authorization: `Bearer ${accessToken}` };
    if (orgId) headers['x-organization-id'] = orgId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(path, {
        method: options.method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
        credentials: 'same-origin',
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'network_error', 'The platform could not be reached. Check your connection.', null);
    }
  };

  let response = await send(await freshAccessToken());
  if (response.status === 401) {
    // Expired or refused access token: one refresh, one retry. A second 401 is final.
    const refused = sessionStore.get().accessToken;
    response = await send(await refreshSession(refused));
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const error = parseApiError(response, body);
  // The Retry-After header is the contract for 429; keep it in the details when the body left it out.
  const retryAfter = Number(response.headers.get('retry-after'));
  if (error.code === 'rate_limited' && typeof error.details?.retryAfterMs !== 'number' && retryAfter > 0) {
    return new ApiError(error.status, error.code, error.message, error.requestId, {
      ...error.details,
      retryAfterMs: retryAfter * 1000,
    });
  }
  return error;
}
