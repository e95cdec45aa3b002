/**
 * The one error shape of the HTTP API. The code list mirrors `ErrorCode` in @diatonic/core (this
 * package may not import core); apps/api fails to compile when the two lists drift apart.
 */
import { z } from 'zod';

export const apiErrorCodes = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'gone',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'content_rejected',
  'budget_exceeded',
  'rate_limited',
  'internal',
  'upstream_failed',
  'unavailable',
] as const;

export const ApiErrorCode = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

/** One failing field of a rejected request; `path` is dotted (`items.0.title`), empty for the whole value. */
export const ValidationIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const ApiErrorBody = z
  .object({
    error: z.object({
      code: ApiErrorCode,
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'ApiError', description: 'Every failed request answers with this envelope.' });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
