/**
 * Test support: a ModerationTarget over the item store (what community's posts and comments will be),
 * the memory store, a hand-driven clock and a recording Notify. Also used by the API tests until
 * community's real targets are wired.
 */
import type { PlanId } from '../identity/plans.ts';
import type { OrgRole } from '../identity/roles.ts';
import type { NotificationInput } from '../notifications/notify.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createModeration, type Moderation, type ModerationOptions } from './index.ts';
import type { ModeratedContent, ModeratedKind, ModeratedState, ModerationTarget } from './moderation-target.ts';

export interface StoredTestContent extends Record<string, unknown> {
  organizationId: string;
  kind: ModeratedKind;
  id: string;
  authorId: string;
  title?: string;
  text: string;
  state: ModeratedState;
  stateReason: string | null;
  stateChangedBy: string | null;
}

const contentKey = (orgId: string, kind: ModeratedKind, id: string) => ({
  pk: `T#${orgId}#TESTCONTENT`,
  sk: `${kind}#${id}`,
});

/** Stores a post or comment the way community would, for flags and decisions to act on. */
export async function putTestContent(
  store: ItemStore,
  input: {
    organizationId: string;
    kind: ModeratedKind;
    id: string;
    authorId: string;
    text: string;
    title?: string;
    state?: ModeratedState;
  },
): Promise<void> {
  const data: StoredTestContent = {
    ...input,
    state: input.state ?? 'published',
    stateReason: null,
    stateChangedBy: null,
  };
  await store.put({ ...contentKey(input.organizationId, input.kind, input.id), data });
}

export async function readTestContent(store: ItemStore, orgId: string, kind: ModeratedKind, id: string) {
  return (await store.get<StoredTestContent>(contentKey(orgId, kind, id)))?.data;
}

export function createTestTargets(store: ItemStore): ModerationTarget[] {
  return (['post', 'comment'] as const).map((kind) => ({
    kind,
    async get(orgId, id): Promise<ModeratedContent | null> {
      const data = await readTestContent(store, orgId, kind, id);
      if (!data) return null;
      return {
        organizationId: data.organizationId,
        kind,
        id: data.id,
        authorId: data.authorId,
        ...(data.title ? { title: data.title } : {}),
        excerpt: data.text.slice(0, 200),
        state: data.state,
      };
    },
    async setState(orgId, id, state, reason, actorId) {
      await store.update(contentKey(orgId, kind, id), {
        set: { state, stateReason: reason, stateChangedBy: actorId },
        condition: [{ kind: 'exists' }],
      });
    },
  }));
}

export interface TestClock {
  nowMs(): number;
  advance(ms: number): void;
}

export interface ModerationTestKit {
  store: ItemStore;
  clock: TestClock;
  moderation: Moderation;
  notifications: NotificationInput[];
  audits: unknown[];
  trust: Map<string, 0 | 1 | 2 | 3 | 4>;
}

export function createModerationTestKit(overrides: Partial<ModerationOptions> = {}): ModerationTestKit {
  let now = Date.UTC(2026, 2, 10, 9, 0, 0);
  const clock: TestClock = {
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
  const store = createMemoryItemStore({ clock });
  const notifications: NotificationInput[] = [];
  const audits: unknown[] = [];
  const trust = new Map<string, 0 | 1 | 2 | 3 | 4>();
  const moderation = createModeration({
    store,
    clock,
    notify: async (input) => void notifications.push(input),
    targets: createTestTargets(store),
    audit: async (entry) => void audits.push(entry),
    trustLevelOf: async (_orgId, userId) => trust.get(userId) ?? 0,
    reportError: (error) => {
      throw error;
    },
    ...overrides,
  });
  return { store, clock, moderation, notifications, audits, trust };
}

let counter = 0;
/** A valid-looking id (`usr_…`, `org_…`) unique within the test run. */
export function testId(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter.toString().padStart(26, '0')}`;
}

export function testActor(overrides: Partial<Actor> & { role?: OrgRole; plan?: PlanId } = {}): Actor {
  return { userId: testId('usr'), orgId: 'org_00000000000000000000000001', role: 'member', plan: 'free', ...overrides };
}
