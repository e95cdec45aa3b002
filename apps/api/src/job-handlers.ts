/**
 * The job handlers every worker runs, in process (Node server) or on Lambda (later). Empty until a
 * module sends its first job type; an unknown type is dead-lettered, never silently dropped.
 */
import type { JobHandlers } from '@diatonic/core';
import type { Deps } from './deps.ts';

export function jobHandlers(_deps: Deps): JobHandlers {
  return {};
}
