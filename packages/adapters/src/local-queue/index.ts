export * from './local-job-queue.ts';
export * from './local-workers.ts';
export * from './queue-schema.ts';
export * from './sqlite-write-and-send.ts';
