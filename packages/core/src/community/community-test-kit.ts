/** Shared set-up for community tests: memory store, hand-driven clock, and simple real collaborators. */
import type { OrgRole } from '../identity/roles.ts';
import type { ContentForReview, ReviewOutcome } from '../moderation/moderation-target.ts';
import type { NotificationInput } from '../notifications/notify.ts';
import type { Actor } from '../shared/actor.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createCommunity } from './index.ts';

export function createTestClock(startMs = Date.UTC(2026, 2, 10, 9, 0, 0)) {
  let now = startMs;
  return {
    nowMs: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * A small real review function: rejects text containing "forbidden", holds text containing
 * "suspicious", and censors "darn" to "d**n"; it records what it was asked.
 */
export function wordListReview() {
  const seen: ContentForReview[] = [];
  const review = async (content: ContentForReview): Promise<ReviewOutcome> => {
    seen.push(content);
    const all = `${content.title ?? ''} ${content.text}`.toLowerCase();
    const censor = (text: string) => text.replace(/darn/gi, 'd**n');
    const base = {
      text: censor(content.text),
      ...(content.title === undefined ? {} : { title: censor(content.title) }),
    };
    if (all.includes('forbidden')) return { verdict: 'rejected', reasons: ['Uses a forbidden word'], ...base };
    if (all.includes('suspicious')) return { verdict: 'held', reasons: ['Held for review: suspicious'], ...base };
    return { verdict: 'published', reasons: [], ...base };
  };
  return { review, seen };
}

export function createCommunityTestKit() {
  const clock = createTestClock();
  const store = createMemoryItemStore({ clock });
  const members = new Map<string, { name: string; role: OrgRole }>();
  const notifications: NotificationInput[] = [];
  const reviewer = wordListReview();
  const community = createCommunity({
    store,
    clock,
    review: reviewer.review,
    trustLevelOf: async (_org, userId) => (userId.endsWith('Z') ? 2 : 0),
    findMember: async (orgId, userId) => members.get(`${orgId}/${userId}`) ?? null,
    notify: async (input) => {
      notifications.push(input);
    },
  });
  let counter = 0;
  const actor = (orgId: string, role: OrgRole = 'member', name = `User ${counter + 1}`): Actor => {
    counter += 1;
    const userId = `usr_01JGZ${String(counter).padStart(21, '0')}`;
    members.set(`${orgId}/${userId}`, { name, role });
    return { userId, orgId, role, plan: 'free' };
  };
  return { community, store, clock, notifications, reviewer, actor };
}
