/**
 * A member's trust level from what community counts (posts, comments, reactions received), how long
 * they have been around, and their standing here (upheld flags, removals). "How long" is the joining
 * date when the caller knows it, else the first time moderation saw the member post (recorded on their
 * first review), so levels rise even before identity's joining date is wired in.
 */
import { ConditionFailedError } from '../shared/errors.ts';
import { firstSeenKey } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import type { AuthorTrust, TrustLevel } from './moderation-target.ts';
import { getStanding } from './standing.ts';
import { computeTrustLevel } from './trust-levels.ts';

const dayMs = 86_400_000;

/** Records when a member was first seen posting (once; later calls change nothing). */
export async function noteFirstSeen(deps: ModerationDeps, orgId: string, userId: string): Promise<void> {
  // The record is written once and never changes: a member this process has seen needs no write.
  const seenKey = `${orgId} ${userId}`;
  if (deps.firstSeenNoted?.has(seenKey)) return;
  try {
    await deps.store.put(
      { ...firstSeenKey(orgId, userId), data: { at: new Date(deps.clock.nowMs()).toISOString() } },
      { condition: [{ kind: 'notExists' }] },
    );
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  rememberSeen(deps, seenKey);
}

/** Bounded: past `maxRemembered` members the memory starts over (a forgotten one costs one conditional put). */
const maxRemembered = 10_000;
function rememberSeen(deps: ModerationDeps, seenKey: string): void {
  const noted = deps.firstSeenNoted;
  if (!noted) return;
  if (noted.size >= maxRemembered) noted.clear();
  noted.add(seenKey);
}

export async function memberTrustLevel(deps: ModerationDeps, orgId: string, userId: string): Promise<TrustLevel> {
  return (await memberTrust(deps, orgId, userId)).level;
}

/** The level and the organisation's size as read for it (review needs the size for bootstrap mode). */
export async function memberTrust(deps: ModerationDeps, orgId: string, userId: string): Promise<AuthorTrust> {
  const [activity, standing, firstSeen] = await Promise.all([
    deps.activityOf(orgId, userId),
    getStanding(deps, orgId, userId),
    deps.store.get<{ at: string }>(firstSeenKey(orgId, userId)),
  ]);
  if (firstSeen) rememberSeen(deps, `${orgId} ${userId}`);
  const since = Date.parse(activity.joinedAt ?? firstSeen?.data.at ?? '');
  const daysSinceJoined = Number.isFinite(since) ? Math.max(0, (deps.clock.nowMs() - since) / dayMs) : 0;
  const level = computeTrustLevel({
    postCount: activity.postCount,
    commentCount: activity.commentCount,
    reactionsReceived: activity.reactionsReceived,
    daysSinceJoined,
    upheldFlagsAgainst: standing.upheldFlagsAgainst,
    removals: standing.removals,
  });
  return {
    level,
    ...(activity.organizationMemberCount === undefined
      ? {}
      : { organizationMemberCount: activity.organizationMemberCount }),
  };
}
