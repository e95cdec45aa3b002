/**
 * Maps AWS SDK failures to the domain's AppError codes. Anything unrecognised is rethrown as is: it is
 * a bug (a malformed expression, missing permissions) and must surface as `internal`, not be disguised.
 */
import { AppError, ConditionFailedError, isAppError, maxItemBytes } from '@diatonic/core';

const unavailableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
  'TimeoutError',
]);

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function toStoreError(error: unknown, tableName: string): unknown {
  if (isAppError(error) || !(error instanceof Error)) return error;
  const name = error.name;
  if (name === 'ConditionalCheckFailedException') return new ConditionFailedError();
  if (unavailableNames.has(name)) {
    return new AppError('unavailable', 'The database is busy or unavailable; try again', { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && networkCodes.has(code)) {
    return new AppError('unavailable', 'The database cannot be reached', { cause: error });
  }
  if (name === 'TransactionConflictException') {
    return AppError.conflict('The item is locked by concurrent transactions; try again', { reason: 'contention' });
  }
  if (name === 'ResourceNotFoundException') {
    return new AppError('unavailable', `DynamoDB table ${tableName} does not exist`, { cause: error });
  }
  if (name === 'ItemCollectionSizeLimitExceededException') {
    return new AppError('payload_too_large', 'Too much data under one partition key', { cause: error });
  }
  if (name === 'ValidationException') return fromValidationMessage(error.message, error) ?? error;
  return error;
}

/** ValidationExceptions that are the caller's input rather than our bug, recognised by DynamoDB's message. */
export function fromValidationMessage(message: string, cause: unknown): AppError | undefined {
  if (/item size (to update )?has exceeded|size of .* exceeded|exceeds the maximum/i.test(message)) {
    // Only an update can get here (puts are measured first): the item it would produce is too large.
    return new AppError('payload_too_large', `The updated item would be larger than the ${maxItemBytes} byte limit`, {
      details: { limitBytes: maxItemBytes },
      cause,
    });
  }
  if (/number overflow|number underflow|attempting to store a number with magnitude/i.test(message)) {
    return new AppError('invalid_input', 'A number is outside the range DynamoDB can store (±1e125)', { cause });
  }
  if (/nesting levels have exceeded/i.test(message)) {
    return new AppError('invalid_input', 'The data is nested more than 32 levels deep', { cause });
  }
  if (/operand in the update expression has an incorrect data type/i.test(message)) {
    return new AppError('invalid_input', 'add can only change numeric fields', { cause });
  }
  return undefined;
}
