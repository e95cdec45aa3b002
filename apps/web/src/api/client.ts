/**
 * The SPA's only way to reach the API: builds `/api/...` requests, turns every failure into an ApiError
 * and checks every success against the wire schema from @diatonic/api-schemas, so a page never renders
 * a response the API did not promise. Requests made for the signed-in user go through `apiAuthed`
 * (authed-request.ts), which adds the session's headers on top of this.
 */
import { ApiError, parseApiError } from './api-error.ts';

/** The part of a zod schema the client needs; keeps the web free of a direct zod dependency. */
export interface WireSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export type ApiPath = `/api/${string}`;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (authorisation, active organisation). */
  headers?: Record<string, string>;
}

/** For routes that answer 204 No Content. */
export const noContent: WireSchema<void> = {
  safeParse: (value) =>
    value === undefined ? { success: true, data: undefined } : { success: false, error: new Error('expected no body') },
};

export async function apiRequest<T>(path: ApiPath, schema: WireSchema<T>, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'The platform could not be reached. Check your connection.', null);
  }

  const payload = await readJson(response);
  if (!response.ok) throw parseApiError(response, payload);

  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'unexpected_response',
      `The response of ${method} ${path} does not match the API schema`,
      response.headers.get('x-request-id'),
    );
  }
  return parsed.data;
}

export function apiGet<T>(path: ApiPath, schema: WireSchema<T>, signal?: AbortSignal): Promise<T> {
  return apiRequest(path, schema, signal ? { signal } : {});
}

/** The body as JSON, or undefined when it is empty or not JSON (e.g. a proxy's HTML error page). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
