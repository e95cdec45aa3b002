/**
 * The single place that turns a failure into the wire envelope `{ error: { code, message, details?,
 * requestId } }`. `statusByCode` is a Record over the closed ErrorCode union, so adding a code without
 * a status does not compile. Anything that is not an AppError is a bug: logged, answered as `internal`.
 */
import type { ApiErrorBody, ApiErrorCode } from '@diatonic/api-schemas';
import { AppError, type ErrorCode, isAppError } from '@diatonic/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, Logger } from './app-env.ts';
import { requestIdOf } from './request-frame.ts';

export const statusByCode: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  content_rejected: 422,
  budget_exceeded: 402,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  unavailable: 503,
};

// The wire schema keeps its own copy of the codes (api-schemas may not import core); these two lines
// stop compiling when the lists drift apart in either direction.
const wireCodesCoverCore: ApiErrorCode = '' as ErrorCode;
const coreCodesCoverWire: ErrorCode = '' as ApiErrorCode;
void wireCodesCoverCore;
void coreCodesCoverWire;

// Hono itself throws HTTPException for a few protocol errors (malformed JSON, media type gate).
const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_input',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

const messages: Partial<Record<ErrorCode, string>> = {
  payload_too_large: 'The request body is larger than the server accepts',
  unsupported_media_type: 'Send the request body as application/json',
  internal: 'Something went wrong on our side; quote the request id when reporting it',
};

function fromHttpException(err: HTTPException): AppError {
  const code = codeByStatus[err.status] ?? (err.status < 500 ? 'invalid_input' : 'internal');
  const message = messages[code] ?? (code === 'invalid_input' && err.message ? err.message : 'The request failed');
  return new AppError(code, message);
}

export function errorBody(error: AppError, requestId: string): ApiErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      requestId,
    },
  };
}

export function errorResponse(c: Context<AppEnv>, error: AppError): Response {
  // Every refusal that knows when to come back says so in seconds, as HTTP clients expect.
  const retryAfterMs = error.details?.retryAfterMs;
  if (error.code === 'rate_limited' && typeof retryAfterMs === 'number' && !c.res.headers.has('retry-after')) {
    c.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  }
  return c.json(errorBody(error, requestIdOf(c)), statusByCode[error.code]);
}

/** `app.onError`: known errors keep their code; the rest is logged with the request id and hidden. */
export function createErrorHandler(logger: Logger) {
  return (err: unknown, c: Context<AppEnv>): Response => {
    if (isAppError(err)) return errorResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) return errorResponse(c, fromHttpException(err));
    logger.error({ err, requestId: requestIdOf(c), method: c.req.method, path: c.req.path }, 'unhandled error');
    return errorResponse(c, new AppError('internal', messages.internal!));
  };
}
