/**
 * Requests made as the signed-in user: adds `Authorization: Bearer <access token>` and the active
 * organisation as `X-Organization-Id`, gets an access token first when there is none in memory (after a
 * reload), and on a 401 refreshes the session once and retries once.
 */
import { ApiError } from './api-error.ts';
import { type ApiPath, apiRequest, type RequestOptions, type WireSchema } from './client.ts';
import { freshAccessToken, refreshSession, sessionEndedError } from './refresh-session.ts';
import { sessionStore } from './session-store.ts';

export interface AuthedRequestOptions extends Omit<RequestOptions, 'headers'> {
  /** The organisation to act in: the active one when left out, none when null. */
  organizationId?: string | null;
}

export async function apiAuthed<T>(
  path: ApiPath,
  schema: WireSchema<T>,
  options: AuthedRequestOptions = {},
): Promise<T> {
  const { organizationId, ...request } = options;
  const orgId = organizationId === undefined ? sessionStore.get().activeOrganizationId : organizationId;
  if (!sessionStore.get().refreshToken && !sessionStore.get().accessToken) throw sessionEndedError();

  const send = (accessToken: string) =>
    apiRequest(path, schema, {
      ...request,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(orgId ? { 'x-organization-id': orgId } : {}),
      },
    });

  const accessToken = await freshAccessToken();
  try {
    return await send(accessToken);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    // Expired (15 minutes) or refused access token: one refresh, one retry. A second 401 is final.
    return send(await refreshSession(accessToken));
  }
}
