import { describe, expect, it } from 'vitest';
import type { MemberActivity } from './index.ts';
import { createModerationTestKit, putTestContent, testActor } from './moderation-test-kit.ts';

const orgId = 'org_00000000000000000000000001';
const dayMs = 86_400_000;

function kitWith(activity: Map<string, MemberActivity>) {
  return createModerationTestKit({
    trustLevelOf: undefined,
    activityOf: async (_org, userId) => activity.get(userId) ?? { postCount: 0, commentCount: 0, reactionsReceived: 0 },
  });
}

const review = (authorId: string, text: string, links: string[] = []) => ({
  organizationId: orgId,
  kind: 'post' as const,
  authorId,
  authorTrustLevel: 0 as const,
  text,
  links,
  mentions: [],
  attachmentCount: 0,
  isEdit: false,
});

describe('trust levels from activity and standing', () => {
  it('computes the level from activity, the joining date and standing', async () => {
    const member = testActor({ orgId });
    const activity = new Map<string, MemberActivity>([
      [
        member.userId,
        {
          postCount: 12,
          commentCount: 40,
          reactionsReceived: 35,
          joinedAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
        },
      ],
    ]);
    const kit = kitWith(activity);
    expect(await kit.moderation.trustLevelOf(orgId, member.userId)).toBe(3);
    // A warning upheld against them caps them at level 2, and their flags weigh 3.
    const authorPost = 'pst_standing';
    await putTestContent(kit.store, {
      organizationId: orgId,
      kind: 'post',
      id: authorPost,
      authorId: member.userId,
      text: 'x',
    });
    const moderator = testActor({ orgId, role: 'moderator' });
    const { queueItemId } = await kit.moderation.flag(moderator, { kind: 'post', id: authorPost, reason: 'Rude' });
    await kit.moderation.decide(moderator, queueItemId!, { action: 'warn', reason: 'Be kind' });
    expect(await kit.moderation.trustLevelOf(orgId, member.userId)).toBe(2);
    await putTestContent(kit.store, {
      organizationId: orgId,
      kind: 'post',
      id: 'pst_other',
      authorId: 'usr_x',
      text: 'y',
    });
    expect((await kit.moderation.flag(member, { kind: 'post', id: 'pst_other', reason: 'Spam' })).weight).toBe(3);
  });

  it('counts days from the first post moderation saw when the joining date is unknown', async () => {
    const member = testActor({ orgId });
    const activity = new Map<string, MemberActivity>([
      [member.userId, { postCount: 5, commentCount: 20, reactionsReceived: 10, joinedAt: null }],
    ]);
    const kit = kitWith(activity);
    expect(await kit.moderation.trustLevelOf(orgId, member.userId)).toBe(0);
    expect((await kit.moderation.review(review(member.userId, 'My very first post here'))).verdict).toBe('published');
    kit.clock.advance(20 * dayMs);
    expect(await kit.moderation.trustLevelOf(orgId, member.userId)).toBe(2);
    // A later post does not move the first-seen date.
    expect((await kit.moderation.review(review(member.userId, 'My second post, much later'))).verdict).toBe(
      'published',
    );
    expect(await kit.moderation.trustLevelOf(orgId, member.userId)).toBe(2);
  });

  it('relaxes limits in bootstrap mode when the activity reports a small organisation', async () => {
    const small = testActor({ orgId });
    const large = testActor({ orgId });
    const activity = new Map<string, MemberActivity>([
      [small.userId, { postCount: 0, commentCount: 0, reactionsReceived: 0, organizationMemberCount: 3 }],
      [large.userId, { postCount: 0, commentCount: 0, reactionsReceived: 0, organizationMemberCount: 40 }],
    ]);
    const kit = kitWith(activity);
    const links = ['https://a.example', 'https://b.example', 'https://c.example'];
    expect((await kit.moderation.review(review(small.userId, 'Three links please', links))).verdict).toBe('published');
    expect((await kit.moderation.review(review(large.userId, 'Three links please', links))).verdict).toBe('rejected');
  });
});
