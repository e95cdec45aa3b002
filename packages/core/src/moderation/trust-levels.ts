/**
 * Trust levels 0–4 (Discourse-like): new members start limited and earn room with activity and good
 * standing. Everything here is pure: community computes a member's level from their stats, moderation
 * derives posting limits and flag weights from the level.
 *
 * | level | name    | days joined | posts | posts + comments | reactions received |
 * | ----- | ------- | ----------- | ----- | ---------------- | ------------------ |
 * | 0     | new     | –           | –     | –                | –                  |
 * | 1     | basic   | ≥ 2         | –     | ≥ 3              | –                  |
 * | 2     | member  | ≥ 15        | ≥ 3   | ≥ 15             | ≥ 5                |
 * | 3     | regular | ≥ 50        | ≥ 10  | ≥ 50             | ≥ 30               |
 * | 4     | leader  | ≥ 180       | ≥ 30  | ≥ 150            | ≥ 100              |
 *
 * Standing caps the level: penalty = upheld flags against the member + 2 × removals of their content.
 * A penalty of 1–2 caps the level at 2, 3–4 at 1, 5 or more at 0. Nothing decays yet: a moderator
 * who wants to forgive can approve on appeal, which takes the penalty back.
 */
import type { TrustLevel } from './moderation-target.ts';

export interface TrustStats {
  postCount: number;
  commentCount: number;
  reactionsReceived: number;
  daysSinceJoined: number;
  /** Flags against the member's content that a moderator upheld (warn). */
  upheldFlagsAgainst: number;
  /** The member's posts and comments a moderator removed. */
  removals: number;
}

interface LevelRequirement {
  level: TrustLevel;
  daysSinceJoined: number;
  posts: number;
  contributions: number;
  reactionsReceived: number;
}

/** Highest first: the first requirement met gives the level. */
export const trustRequirements: readonly LevelRequirement[] = [
  { level: 4, daysSinceJoined: 180, posts: 30, contributions: 150, reactionsReceived: 100 },
  { level: 3, daysSinceJoined: 50, posts: 10, contributions: 50, reactionsReceived: 30 },
  { level: 2, daysSinceJoined: 15, posts: 3, contributions: 15, reactionsReceived: 5 },
  { level: 1, daysSinceJoined: 2, posts: 0, contributions: 3, reactionsReceived: 0 },
];

export const trustLevelNames: Readonly<Record<TrustLevel, string>> = {
  0: 'new',
  1: 'basic',
  2: 'member',
  3: 'regular',
  4: 'leader',
};

const count = (value: number) => (Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);

/** The highest level a member in this standing may hold. */
export function standingCap(upheldFlagsAgainst: number, removals: number): TrustLevel {
  const penalty = count(upheldFlagsAgainst) + 2 * count(removals);
  if (penalty >= 5) return 0;
  if (penalty >= 3) return 1;
  if (penalty >= 1) return 2;
  return 4;
}

export function computeTrustLevel(stats: TrustStats): TrustLevel {
  const days = Number.isFinite(stats.daysSinceJoined) && stats.daysSinceJoined > 0 ? stats.daysSinceJoined : 0;
  const posts = count(stats.postCount);
  const contributions = posts + count(stats.commentCount);
  const reactions = count(stats.reactionsReceived);
  const earned =
    trustRequirements.find(
      (r) =>
        days >= r.daysSinceJoined &&
        posts >= r.posts &&
        contributions >= r.contributions &&
        reactions >= r.reactionsReceived,
    )?.level ?? 0;
  return Math.min(earned, standingCap(stats.upheldFlagsAgainst, stats.removals)) as TrustLevel;
}

export interface TrustLimits {
  postsPerDay: number;
  commentsPerDay: number;
  /** Links in one post or comment. */
  links: number;
  /** @mentions in one post or comment. */
  mentions: number;
  /** Attachments on one post. */
  attachments: number;
}

export const trustLimitsByLevel: Readonly<Record<TrustLevel, TrustLimits>> = {
  0: { postsPerDay: 3, commentsPerDay: 10, links: 2, mentions: 2, attachments: 1 },
  1: { postsPerDay: 10, commentsPerDay: 30, links: 5, mentions: 5, attachments: 3 },
  2: { postsPerDay: 30, commentsPerDay: 100, links: 10, mentions: 10, attachments: 10 },
  3: { postsPerDay: 100, commentsPerDay: 300, links: 20, mentions: 20, attachments: 20 },
  4: { postsPerDay: 200, commentsPerDay: 500, links: 50, mentions: 50, attachments: 20 },
};

/** Organisations this small are in bootstrap mode: everyone gets at least level 2's limits. */
export const bootstrapMaxMembers = 5;
const bootstrapLevel: TrustLevel = 2;

export function isBootstrapMode(memberCount: number | undefined): boolean {
  return typeof memberCount === 'number' && Number.isFinite(memberCount) && memberCount <= bootstrapMaxMembers;
}

/** The limits a member of `level` posts under; relaxed to level 2's in bootstrap mode. */
export function trustLimits(level: TrustLevel, options: { memberCount?: number } = {}): TrustLimits {
  const effective = isBootstrapMode(options.memberCount) ? (Math.max(level, bootstrapLevel) as TrustLevel) : level;
  return trustLimitsByLevel[effective];
}

/**
 * A flag weighs 1 + the flagger's trust level (1–5); a moderator's, admin's or owner's weighs
 * `staffFlagWeight`. Content is hidden when its flags weigh `hideThreshold` or more: six new members,
 * two members (level 2), a leader and a new member, or one moderator.
 */
export const staffFlagWeight = 6;
export const hideThreshold = 6;

export function flagWeight(level: TrustLevel, isStaff: boolean): number {
  return isStaff ? staffFlagWeight : 1 + level;
}

export function isTrustLevel(value: unknown): value is TrustLevel {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}
