/** Schedule trigger timing: cron validation, next runs, due slots and their once-only claim. */
export * from './claim-slot.ts';
export * from './cron.ts';
export * from './due-schedules.ts';
export * from './keys.ts';
export * from './schedule-trigger.ts';
export * from './schedules-in-graph.ts';
