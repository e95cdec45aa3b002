/** A member's standing in one organisation, for community to feed into computeTrustLevel. */
import { standingKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import type { StandingRecord } from './records.ts';

export interface Standing {
  upheldFlagsAgainst: number;
  removals: number;
  warnings: number;
}

export async function getStanding(deps: ModerationDeps, organizationId: string, userId: string): Promise<Standing> {
  const data = (await deps.store.get<StandingRecord>(standingKey(organizationId, userId)))?.data;
  return {
    upheldFlagsAgainst: Math.max(0, data?.upheldFlagsAgainst ?? 0),
    removals: Math.max(0, data?.removals ?? 0),
    warnings: Math.max(0, data?.warnings ?? 0),
  };
}
