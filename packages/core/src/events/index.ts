/** The ordered per-channel event log other modules publish to and read from (community, notifications…). */
export * from './event-log.ts';
