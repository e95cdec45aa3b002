/**
 * API errors in plain words. Codes whose server message is written for people and says what to do (a
 * refused password, a wrong login, a conflict's reason) keep that message; the others get a sentence per
 * code, because their server text is aimed at developers or says nothing a user can act on.
 */
import type { ClientErrorCode } from './api-error.ts';
import { ApiError } from './api-error.ts';

const sentences: Record<ClientErrorCode, string> = {
  invalid_input: 'Some of the information entered is not valid. Check the highlighted fields.',
  unauthenticated: 'Your session has ended. Please log in again.',
  forbidden: 'You do not have permission to do this in this organisation.',
  not_found: 'This was not found. It may have been removed, or you may no longer have access to it.',
  method_not_allowed: 'This action is not available.',
  conflict: 'This conflicts with the current state. Reload the page and try again.',
  gone: 'This is no longer available.',
  payload_too_large: 'What you sent is too large.',
  unsupported_media_type: 'The platform could not read this request.',
  unprocessable: 'This request could not be processed.',
  content_rejected: 'This content was rejected by the content rules.',
  budget_exceeded: 'Your organisation has used up its allowance for this. Check the plan’s limits.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  internal: 'Something went wrong on our side. Please try again in a moment.',
  upstream_failed: 'A service the platform depends on failed. Please try again in a moment.',
  unavailable: 'The platform is temporarily unavailable. Please try again in a moment.',
  network_error: 'The platform could not be reached. Check your connection and try again.',
  unexpected_response: 'The platform sent an answer this page does not understand. Reloading the page may help.',
};

/** Codes whose server message is meant for the person using the app. */
const userFacingCodes = new Set<ClientErrorCode>(['invalid_input', 'conflict', 'unprocessable', 'content_rejected']);

export function plainMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something unexpected went wrong. Reloading the page may help.';
  if (error.code === 'rate_limited') return rateLimitedMessage(error);
  if (userFacingCodes.has(error.code) && error.message && !hasFieldIssues(error)) return error.message;
  return sentences[error.code];
}

/** Login answers 401 with a deliberately vague message (no hint whether the e-mail exists); keep it. */
export function loginFailureMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === 'unauthenticated' && error.message) return error.message;
  return plainMessage(error);
}

function rateLimitedMessage(error: ApiError): string {
  const retryAfterMs = error.details?.retryAfterMs;
  if (typeof retryAfterMs !== 'number' || retryAfterMs <= 0) return sentences.rate_limited;
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many attempts. Please wait ${wait} and try again.`;
}

/**
 * Messages per input name for a rejected form. Two shapes arrive: the HTTP schema check lists
 * `details.issues: [{path, message}]`; a domain rule names one `details.field` and puts the reason in the
 * message.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input' || !error.details) return {};
  const result: Record<string, string> = {};
  const { issues, field } = error.details;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      if (typeof issue !== 'object' || issue === null) continue;
      const { path, message } = issue as { path?: unknown; message?: unknown };
      if (typeof path !== 'string' || typeof message !== 'string') continue;
      const name = path.split('.')[0] ?? '';
      if (name && !(name in result)) result[name] = message;
    }
  }
  if (typeof field === 'string' && !(field in result)) result[field] = error.message;
  return result;
}

function hasFieldIssues(error: ApiError): boolean {
  return Object.keys(fieldErrors(error)).length > 0;
}
