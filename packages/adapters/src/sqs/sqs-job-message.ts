/**
 * The body of an SQS message that carries a job: one JSON envelope written by the SQS JobQueue and
 * read by the Lambda worker. `v` lets a later envelope change shape without misreading old messages
 * still in the queue or the dead-letter queue.
 */
import type { ReceivedJob } from '@diatonic/core';

export const sqsJobEnvelopeVersion = 1;

export interface SqsJobEnvelope {
  v: typeof sqsJobEnvelopeVersion;
  id: string;
  type: string;
  /** Epoch milliseconds of the send that created the job. */
  firstEnqueuedAt: number;
  maxAttempts: number;
  payload: unknown;
}

/** Builds the body from the already-serialised payload, so the payload is stringified once. */
export function encodeSqsJobBody(envelope: Omit<SqsJobEnvelope, 'v' | 'payload'>, payloadJson: string): string {
  const head = JSON.stringify({
    v: sqsJobEnvelopeVersion,
    id: envelope.id,
    type: envelope.type,
    firstEnqueuedAt: envelope.firstEnqueuedAt,
    maxAttempts: envelope.maxAttempts,
  });
  return `${head.slice(0, -1)},"payload":${payloadJson}}`;
}

export class UnreadableJobMessageError extends Error {
  override readonly name = 'UnreadableJobMessageError';
}

/**
 * Reads a message body back into the job a handler receives. `receiveCount` is SQS's
 * ApproximateReceiveCount, which is the attempt number. Throws UnreadableJobMessageError for a body
 * that is not one of our envelopes (a poison message: the worker reports it as failed).
 */
export function decodeSqsJobBody(body: string, receiveCount: number): ReceivedJob & { maxAttempts: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UnreadableJobMessageError('The message body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UnreadableJobMessageError('The message body is not a job envelope');
  }
  const e = parsed as Partial<SqsJobEnvelope>;
  if (e.v !== sqsJobEnvelopeVersion) throw new UnreadableJobMessageError(`Unknown envelope version ${String(e.v)}`);
  if (typeof e.id !== 'string' || e.id.length === 0) throw new UnreadableJobMessageError('The envelope has no id');
  if (typeof e.type !== 'string' || e.type.length === 0)
    throw new UnreadableJobMessageError('The envelope has no type');
  if (!Number.isFinite(e.firstEnqueuedAt)) throw new UnreadableJobMessageError('The envelope has no firstEnqueuedAt');
  if (!Number.isInteger(e.maxAttempts)) throw new UnreadableJobMessageError('The envelope has no maxAttempts');
  if (!('payload' in e)) throw new UnreadableJobMessageError('The envelope has no payload');
  return {
    id: e.id,
    type: e.type,
    payload: e.payload,
    attempt: Number.isInteger(receiveCount) && receiveCount > 0 ? receiveCount : 1,
    firstEnqueuedAt: e.firstEnqueuedAt as number,
    maxAttempts: e.maxAttempts as number,
  };
}
