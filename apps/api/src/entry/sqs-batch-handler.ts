/**
 * Runs one SQS batch through the job handlers, as Lambda's SQS event source delivers it, and answers
 * with the partial batch failure response (the event source mapping has ReportBatchItemFailures on).
 * Only the failed records return to the queue; after the redrive policy's maxReceiveCount, SQS moves
 * them to the dead-letter queue. A record fails when its body is not a job envelope, when no handler
 * is registered for its type, or when its handler throws. These are poison messages: retrying them
 * cannot help, but SQS, not this code, owns moving them, so they still go the dead-letter way.
 */
import { decodeSqsJobBody } from '@diatonic/adapters/sqs';
import { handlerFor, type JobHandlers, summarizeError } from '@diatonic/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../http/app-env.ts';

export interface SqsBatchHandlerOptions {
  handlers: JobHandlers;
  logger: Logger;
}

export type SqsBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export function createSqsBatchHandler({ handlers, logger }: SqsBatchHandlerOptions): SqsBatchHandler {
  async function runRecord(record: SQSRecord): Promise<SQSBatchItemFailure | undefined> {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      const job = decodeSqsJobBody(record.body, receiveCount);
      await handlerFor(handlers, job)(job);
      return undefined;
    } catch (error) {
      logger.error(
        { messageId: record.messageId, receiveCount, error: summarizeError(error) },
        'job failed; SQS redelivers it, then dead-letters it after maxReceiveCount',
      );
      return { itemIdentifier: record.messageId };
    }
  }

  return async (event) => {
    // The records of one batch are independent jobs (handlers are idempotent): run them together.
    const outcomes = await Promise.all((event.Records ?? []).map(runRecord));
    return { batchItemFailures: outcomes.filter((f): f is SQSBatchItemFailure => f !== undefined) };
  };
}
