/**
 * Whether a failure means "you are not (or no longer) a member here": the API answers 403 for an
 * X-Organization-Id the caller does not belong to, and 404 for resources of organisations they do not belong to.
 */
import { ApiError } from '../../api/api-error.ts';

export function isLostAccess(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'forbidden' || error.code === 'not_found');
}
