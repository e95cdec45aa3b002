/**
 * The one error type of the domain. Every expected failure is an AppError with a code from a closed
 * set; anything else that escapes is a bug and is reported as `internal` without its message.
 */

export const errorCodes = [
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

export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  static invalidInput(message: string, details?: Record<string, unknown>): AppError {
    return new AppError('invalid_input', message, { details });
  }

  static notFound(resource: string, id?: string): AppError {
    return new AppError('not_found', id ? `${resource} ${id} was not found` : `${resource} was not found`, {
      details: id ? { resource, id } : { resource },
    });
  }

  static forbidden(permission: string, message = `You do not have permission ${permission}`): AppError {
    return new AppError('forbidden', message, { details: { permission } });
  }

  static conflict(message: string, details?: Record<string, unknown>): AppError {
    return new AppError('conflict', message, { details });
  }

  static unauthenticated(message = 'Sign in to continue'): AppError {
    return new AppError('unauthenticated', message);
  }

  static rateLimited(retryAfterMs: number, message = 'Too many requests'): AppError {
    return new AppError('rate_limited', message, { details: { retryAfterMs } });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Raised by ItemStore writes whose condition did not hold. `index` names the failing operation of a transaction. */
export class ConditionFailedError extends AppError {
  constructor(
    message = 'The item changed or its condition did not hold',
    readonly index?: number,
  ) {
    super('conflict', message, {
      details: index === undefined ? { reason: 'condition_failed' } : { reason: 'condition_failed', index },
    });
  }
}
