/**
 * Seeding is a list of named steps, each run at most once per installation: a marker item records a
 * finished step, so `diatonic seed` and every `npm start` can run the whole list safely. A step must
 * itself be safe to repeat (conditional writes), because a crash can land between its writes and its
 * marker. Later issues append steps (users, organisations, modules) to `seedSteps`.
 */
import type { Clock, Community, Education, Identity, Ids, ItemKey, ItemStore, Workbench } from '@diatonic/core';
import type { Logger } from '../http/app-env.ts';

export interface SeedContext {
  itemStore: ItemStore;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Users and organisations go through the identity facade, never straight to the store (needed for demo data). */
  identity?: Identity;
  /** Demo modules go through the education facade (demo data only). */
  education?: Education;
  /** The demo agent goes through the workbench facade (demo data only). */
  workbench?: Workbench;
  /** The demo posts go through the community facade (demo data only). */
  community?: Community;
  /** Whether demo content (sample users, organisations, modules) should be created. */
  demoData: boolean;
}

export interface SeedStep {
  /** Stable forever: it names the marker. */
  id: string;
  run(context: SeedContext): Promise<void>;
}

export function seedMarkerKey(stepId: string): ItemKey {
  return { pk: 'SEED', sk: `STEP#${stepId}` };
}
