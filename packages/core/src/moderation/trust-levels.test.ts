import { describe, expect, it } from 'vitest';
import {
  computeTrustLevel,
  flagWeight,
  hideThreshold,
  isBootstrapMode,
  type TrustStats,
  trustLimits,
  trustLimitsByLevel,
} from './trust-levels.ts';

const fresh: TrustStats = {
  postCount: 0,
  commentCount: 0,
  reactionsReceived: 0,
  daysSinceJoined: 0,
  upheldFlagsAgainst: 0,
  removals: 0,
};

describe('computeTrustLevel', () => {
  it('starts at 0 and rises with time, contributions and reactions', () => {
    expect(computeTrustLevel(fresh)).toBe(0);
    expect(computeTrustLevel({ ...fresh, daysSinceJoined: 2, commentCount: 3 })).toBe(1);
    // Many posts but too new: still 0.
    expect(computeTrustLevel({ ...fresh, daysSinceJoined: 1, postCount: 40 })).toBe(0);
    expect(
      computeTrustLevel({ ...fresh, daysSinceJoined: 15, postCount: 3, commentCount: 12, reactionsReceived: 5 }),
    ).toBe(2);
    expect(
      computeTrustLevel({ ...fresh, daysSinceJoined: 50, postCount: 10, commentCount: 40, reactionsReceived: 30 }),
    ).toBe(3);
    expect(
      computeTrustLevel({ ...fresh, daysSinceJoined: 200, postCount: 30, commentCount: 120, reactionsReceived: 100 }),
    ).toBe(4);
    // One reaction short of level 4.
    expect(
      computeTrustLevel({ ...fresh, daysSinceJoined: 200, postCount: 30, commentCount: 120, reactionsReceived: 99 }),
    ).toBe(3);
  });

  it('caps the level by standing: upheld flags and removals', () => {
    const leader = { ...fresh, daysSinceJoined: 400, postCount: 100, commentCount: 400, reactionsReceived: 500 };
    expect(computeTrustLevel(leader)).toBe(4);
    expect(computeTrustLevel({ ...leader, upheldFlagsAgainst: 1 })).toBe(2);
    expect(computeTrustLevel({ ...leader, removals: 1, upheldFlagsAgainst: 1 })).toBe(1);
    expect(computeTrustLevel({ ...leader, removals: 3 })).toBe(0);
  });

  it('treats nonsense stats as zero', () => {
    expect(computeTrustLevel({ ...fresh, daysSinceJoined: Number.NaN, postCount: -5 })).toBe(0);
  });
});

describe('limits and bootstrap mode', () => {
  it('grows limits with the level', () => {
    for (const level of [0, 1, 2, 3] as const) {
      const next = trustLimitsByLevel[(level + 1) as 1 | 2 | 3 | 4];
      expect(next.links).toBeGreaterThanOrEqual(trustLimitsByLevel[level].links);
      expect(next.postsPerDay).toBeGreaterThan(trustLimitsByLevel[level].postsPerDay);
    }
  });

  it('relaxes new members to level 2 limits in organisations of at most 5 members', () => {
    expect(isBootstrapMode(5)).toBe(true);
    expect(isBootstrapMode(6)).toBe(false);
    expect(isBootstrapMode(undefined)).toBe(false);
    expect(trustLimits(0, { memberCount: 3 })).toEqual(trustLimitsByLevel[2]);
    expect(trustLimits(0, { memberCount: 6 })).toEqual(trustLimitsByLevel[0]);
    expect(trustLimits(3, { memberCount: 3 })).toEqual(trustLimitsByLevel[3]);
  });

  it('weighs flags by trust, staff most, against the hide threshold', () => {
    expect(flagWeight(0, false)).toBe(1);
    expect(flagWeight(4, false)).toBe(5);
    expect(flagWeight(0, true)).toBeGreaterThanOrEqual(hideThreshold);
    expect(flagWeight(2, false) * 2).toBeGreaterThanOrEqual(hideThreshold);
    expect(flagWeight(4, false)).toBeLessThan(hideThreshold);
  });
});
