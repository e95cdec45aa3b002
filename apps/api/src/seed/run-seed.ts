/** Runs the seed steps in order, skipping those whose marker says they already ran. */
import { ConditionFailedError } from '@diatonic/core';
import { demoCommunityStep } from './demo-community-step.ts';
import { demoEducationStep } from './demo-education-step.ts';
import { demoIdentityStep } from './demo-identity-step.ts';
import { demoWorkbenchStep } from './demo-workbench-step.ts';
import { platformStep } from './platform-step.ts';
import { type SeedContext, type SeedStep, seedMarkerKey } from './seed-step.ts';

export const seedSteps: readonly SeedStep[] = [
  platformStep,
  demoIdentityStep,
  demoEducationStep,
  demoWorkbenchStep,
  demoCommunityStep,
];

export interface SeedResult {
  ran: string[];
  skipped: string[];
}

export async function runSeed(context: SeedContext, steps: readonly SeedStep[] = seedSteps): Promise<SeedResult> {
  const result: SeedResult = { ran: [], skipped: [] };
  for (const step of steps) {
    const marker = seedMarkerKey(step.id);
    if (await context.itemStore.get(marker)) {
      result.skipped.push(step.id);
      continue;
    }
    await step.run(context);
    try {
      await context.itemStore.put(
        { ...marker, data: { completedAtMs: context.clock.nowMs() } },
        { condition: [{ kind: 'notExists' }] },
      );
    } catch (err) {
      // A concurrent seed finished the same step first; the step is idempotent, so both runs agree.
      if (!(err instanceof ConditionFailedError)) throw err;
    }
    context.logger.info({ step: step.id }, 'seed step done');
    result.ran.push(step.id);
  }
  return result;
}
