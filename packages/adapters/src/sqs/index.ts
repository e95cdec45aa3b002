export * from './sqs-job-message.ts';
export * from './sqs-job-queue.ts';
