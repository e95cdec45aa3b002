/**
 * The JobQueue (producer side) on Amazon SQS. Consumption belongs to Lambda's SQS event source and
 * apps/api/src/entry/lambda-worker.ts, so this adapter implements `JobQueue`, not `DurableJobQueue`.
 * See README.md beside this file for the choices: a standard queue, delays as DelaySeconds, and
 * deduplication through a marker item in the ItemStore (FIFO queues are supported as well).
 */
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import {
  AppError,
  ConditionFailedError,
  checkSend,
  createIds,
  dedupeWindowMs,
  type Ids,
  type ItemKey,
  type ItemStore,
  type JobQueue,
  type JobToSend,
  type SendOptions,
  type SendResult,
} from '@diatonic/core';
import { encodeSqsJobBody } from './sqs-job-message.ts';

export interface SqsJobQueueOptions {
  client: SQSClient;
  queueUrl: string;
  /** Job types sent to another queue than `queueUrl` (e.g. upload processing to its own consumer). */
  queueUrlsByType?: Readonly<Record<string, string>>;
  /** Holds the deduplication markers (the same single table as everything else). */
  store: ItemStore;
  /** Epoch milliseconds; tests pass a controllable clock. */
  nowMs?: () => number;
  ids?: Ids;
}

export interface SqsJobQueue extends JobQueue {
  /** Whether the default queue (`queueUrl`) is FIFO. */
  readonly fifo: boolean;
}

interface DedupeMarker extends Record<string, unknown> {
  jobId: string;
  /** Epoch milliseconds of the send that won the key; the window runs from here. */
  firstSentAt: number;
}

/** Markers live outside every tenant partition: job ids are global and the key is the caller's. */
export const jobDedupeMarkerKey = (dedupeKey: string): ItemKey => ({ pk: `JOBDEDUPE#${dedupeKey}`, sk: 'JOBDEDUPE' });

const maxClaimTries = 4;

export function createSqsJobQueue(options: SqsJobQueueOptions): SqsJobQueue {
  const { client, queueUrl, store } = options;
  const nowMs = options.nowMs ?? Date.now;
  const ids = options.ids ?? createIds(nowMs);
  const queueUrlsByType = options.queueUrlsByType ?? {};
  const queueUrlFor = (type: string) => (Object.hasOwn(queueUrlsByType, type) ? queueUrlsByType[type]! : queueUrl);
  const isFifo = (url: string) => url.endsWith('.fifo');
  const fifo = isFifo(queueUrl);

  /** Makes `jobId` the owner of the key, or returns the owner whose window is still open. */
  async function claim(dedupeKey: string, jobId: string, now: number): Promise<string | undefined> {
    const key = jobDedupeMarkerKey(dedupeKey);
    const item = {
      ...key,
      data: { jobId, firstSentAt: now } satisfies DedupeMarker,
      // TTL only cleans up; the window itself is checked to the millisecond from firstSentAt.
      expiresAt: Math.ceil((now + dedupeWindowMs) / 1000),
    };
    for (let i = 0; i < maxClaimTries; i++) {
      try {
        await store.put(item, { condition: [{ kind: 'notExists' }] });
        return undefined;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
      const existing = await store.get<DedupeMarker>(key);
      if (!existing) continue;
      if (existing.data.firstSentAt + dedupeWindowMs > now) return existing.data.jobId;
      // Past the window but not yet past its TTL second: take it over, unless someone else just did.
      try {
        await store.put(item, { condition: [{ kind: 'versionEquals', version: existing.version }] });
        return undefined;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
    throw new AppError('conflict', 'The deduplication key is contended; try again', {
      details: { reason: 'dedupe_contended' },
    });
  }

  async function release(dedupeKey: string, jobId: string): Promise<void> {
    await store
      .delete(jobDedupeMarkerKey(dedupeKey), {
        condition: [{ kind: 'compare', field: 'jobId', op: '=', value: jobId }],
      })
      .catch(() => undefined);
  }

  return {
    fifo,
    async send(job: JobToSend, sendOptions: SendOptions = {}): Promise<SendResult> {
      const checked = checkSend(job, sendOptions);
      const url = queueUrlFor(checked.type);
      const fifo = isFifo(url);
      if (fifo && checked.delayMs > 0) {
        // FIFO queues accept only a queue-wide delay; refusing beats silently delivering early.
        throw AppError.invalidInput('delayMs is not supported on a FIFO queue; use a standard queue', {
          problems: ['delayMs must be 0 on a FIFO queue'],
        });
      }
      const now = nowMs();
      const id = ids.next('job');
      if (checked.dedupeKey !== undefined) {
        const owner = await claim(checked.dedupeKey, id, now);
        if (owner !== undefined) return { id: owner, deduplicated: true };
      }
      const body = encodeSqsJobBody(
        { id, type: checked.type, firstEnqueuedAt: now, maxAttempts: checked.maxAttempts },
        checked.payloadJson,
      );
      try {
        await client.send(
          new SendMessageCommand({
            QueueUrl: url,
            MessageBody: body,
            MessageAttributes: { jobType: { DataType: 'String', StringValue: checked.type } },
            ...(fifo
              ? {
                  // One group per job: FIFO ordering is not promised by the port, parallelism is kept.
                  MessageGroupId: id,
                  MessageDeduplicationId: sha256(checked.dedupeKey ?? id),
                }
              : // DelaySeconds is whole seconds: round up so a job never runs before its delay.
                checked.delayMs > 0
                ? { DelaySeconds: Math.ceil(checked.delayMs / 1000) }
                : {}),
          }),
        );
      } catch (error) {
        // Nothing was enqueued: free the key so that a retry of this send is not swallowed.
        if (checked.dedupeKey !== undefined) await release(checked.dedupeKey, id);
        throw toAppError(error);
      }
      return { id, deduplicated: false };
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof SQSServiceException) {
    const throttled = /Throttl|RequestThrottled|OverLimit/i.test(error.name);
    const code = throttled || error.$fault === 'server' ? 'unavailable' : 'upstream_failed';
    return new AppError(code, `SQS refused the message: ${error.name}`, {
      details: { reason: 'sqs_error', sqsError: error.name },
      cause: error,
    });
  }
  return new AppError('unavailable', 'SQS could not be reached', {
    details: { reason: 'sqs_unreachable' },
    cause: error,
  });
}
