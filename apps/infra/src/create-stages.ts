import type { App } from 'aws-cdk-lib';
import { DiatonicStack } from './diatonic-stack.ts';
import { type StageName, stageConfigs, stageNames } from './stage-config.ts';

/** Adds one stack per stage (or only `only`), named `diatonic-<stage>`. */
export function createStages(app: App, only: readonly StageName[] = stageNames): Record<string, DiatonicStack> {
  const stacks: Record<string, DiatonicStack> = {};
  for (const stage of only) {
    stacks[stage] = new DiatonicStack(app, `diatonic-${stage}`, { config: stageConfigs[stage] });
  }
  return stacks;
}
