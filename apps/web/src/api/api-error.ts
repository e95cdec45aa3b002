/**
 * ApiError: what every failed API call turns into, so pages render one shape of failure. Server failures
 * carry the code, message, details and request id of the error envelope; two client-only codes cover a
 * request that got no answer (`network_error`) and an answer that is not what the API promises
 * (`unexpected_response`).
 */
import { ApiErrorBody, type ApiErrorCode } from '@diatonic/api-schemas';

export type ClientErrorCode = ApiErrorCode | 'network_error' | 'unexpected_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    /** The `x-request-id` the server gave this request; quote it when reporting a problem. */
    readonly requestId: string | null,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Builds the ApiError for a non-2xx response from its (already parsed) body. */
export function parseApiError(response: Response, body: unknown): ApiError {
  const envelope = ApiErrorBody.safeParse(body);
  if (envelope.success) {
    const { code, message, details, requestId } = envelope.data.error;
    return new ApiError(response.status, code, message, requestId, details);
  }
  const reason = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
  const requestId = response.headers.get('x-request-id');
  return new ApiError(response.status, 'unexpected_response', `The server answered ${reason}`, requestId);
}
