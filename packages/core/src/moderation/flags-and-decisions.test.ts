import { describe, expect, it } from 'vitest';
import type { AppError } from '../shared/errors.ts';
import {
  createModerationTestKit,
  type ModerationTestKit,
  putTestContent,
  readTestContent,
  testActor,
  testId,
} from './moderation-test-kit.ts';

const orgId = 'org_00000000000000000000000001';
const otherOrgId = 'org_00000000000000000000000002';
const authorId = 'usr_THEAUTHOR0000000000000000';

async function post(kit: ModerationTestKit, id = testId('pst'), org = orgId) {
  await putTestContent(kit.store, { organizationId: org, kind: 'post', id, authorId, text: 'Some post text' });
  return id;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return (error as AppError | undefined)?.code ?? 'none';
}

async function everything(kit: ModerationTestKit) {
  const pages = await Promise.all(
    [`T#${orgId}#MOD`, `T#${orgId}#MODQ`, `T#${orgId}#TESTCONTENT`].map((pk) => kit.store.query({ pk, limit: 1000 })),
  );
  return pages.flatMap((p) => p.items);
}

const member = () => testActor({ orgId });
const moderator = testActor({ orgId, role: 'moderator' });
const otherModerator = testActor({ orgId, role: 'moderator' });
const author = testActor({ orgId, userId: authorId });

/** Flags by six level-0 members: weight 6 = the threshold. */
async function hideByFlags(kit: ModerationTestKit, id: string) {
  let last: Awaited<ReturnType<ModerationTestKit['moderation']['flag']>> | undefined;
  for (let i = 0; i < 6; i++) last = await kit.moderation.flag(member(), { kind: 'post', id, reason: 'Spam' });
  return last!;
}

describe('flags', () => {
  it('are idempotent per member and item', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const flagger = member();
    const first = await kit.moderation.flag(flagger, { kind: 'post', id, reason: 'Off topic' });
    expect(first).toMatchObject({ created: true, weight: 1, hidden: false });
    const before = await everything(kit);
    const second = await kit.moderation.flag(flagger, { kind: 'post', id, reason: 'Off topic, really' });
    expect(second.created).toBe(false);
    expect(await everything(kit)).toEqual(before);
  });

  it('hide the content when their trust-weighted sum reaches the threshold, and open one queue item', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    for (let i = 0; i < 5; i++) {
      expect((await kit.moderation.flag(member(), { kind: 'post', id, reason: 'Spam' })).hidden).toBe(false);
    }
    expect((await readTestContent(kit.store, orgId, 'post', id))?.state).toBe('published');
    const sixth = await kit.moderation.flag(member(), { kind: 'post', id, reason: 'Spam' });
    expect(sixth.hidden).toBe(true);
    expect(sixth.queueItemId).toMatch(/^mqi_/);
    expect(await readTestContent(kit.store, orgId, 'post', id)).toMatchObject({
      state: 'hidden',
      stateChangedBy: 'system',
    });
    const seventh = await kit.moderation.flag(member(), { kind: 'post', id, reason: 'Spam' });
    expect(seventh.queueItemId).toBe(sixth.queueItemId);
    const queue = await kit.moderation.listQueue(moderator);
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ source: 'flags', flagCount: 7, flagWeight: 7 });
    const item = await kit.moderation.getItem(moderator, sixth.queueItemId!);
    expect(item.flags).toHaveLength(7);
    expect(kit.notifications.map((n) => n.kind)).toEqual(['moderation.hidden']);
    expect(kit.audits).toEqual([expect.objectContaining({ action: 'moderation.auto_hidden', actorId: 'system' })]);
  });

  it('weigh by the flagger’s trust level: two level-2 members or one moderator hide', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const a = member();
    const b = member();
    kit.trust.set(a.userId, 2);
    kit.trust.set(b.userId, 2);
    expect((await kit.moderation.flag(a, { kind: 'post', id, reason: 'Abuse' })).weight).toBe(3);
    expect((await kit.moderation.flag(b, { kind: 'post', id, reason: 'Abuse' })).hidden).toBe(true);
    const other = await post(kit);
    expect((await kit.moderation.flag(moderator, { kind: 'post', id: other, reason: 'Abuse' })).hidden).toBe(true);
  });

  it('count concurrent flags exactly and hide once', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const flaggers = Array.from({ length: 20 }, () => member());
    const results = await Promise.all(
      [...flaggers, ...flaggers].map((f) => kit.moderation.flag(f, { kind: 'post', id, reason: 'Spam' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(20);
    const queue = await kit.moderation.listQueue(moderator);
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ flagCount: 20, flagWeight: 20 });
    expect(new Set(results.map((r) => r.queueItemId).filter(Boolean))).toEqual(new Set([queue.items[0]?.id]));
    expect(kit.notifications.filter((n) => n.kind === 'moderation.hidden')).toHaveLength(1);
    expect(kit.audits).toHaveLength(1);
    expect((await readTestContent(kit.store, orgId, 'post', id))?.state).toBe('hidden');
  });

  it('answer 404 for another organisation’s content and refuse one’s own, changing nothing', async () => {
    const kit = createModerationTestKit();
    const foreign = await post(kit, testId('pst'), otherOrgId);
    const own = await post(kit);
    const before = await everything(kit);
    expect(await codeOf(kit.moderation.flag(member(), { kind: 'post', id: foreign, reason: 'x' }))).toBe('not_found');
    expect(await codeOf(kit.moderation.flag(member(), { kind: 'comment', id: own, reason: 'x' }))).toBe('not_found');
    expect(await codeOf(kit.moderation.flag(author, { kind: 'post', id: own, reason: 'x' }))).toBe('conflict');
    expect(await codeOf(kit.moderation.flag(member(), { kind: 'post', id: own, reason: '   ' }))).toBe('invalid_input');
    expect(await everything(kit)).toEqual(before);
  });
});

describe('decisions and appeals', () => {
  it('remove: content removed, author told why, standing recorded, audited', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const { queueItemId } = await hideByFlags(kit, id);
    const view = await kit.moderation.decide(moderator, queueItemId!, { action: 'remove', reason: 'Advertising' });
    expect(view.status).toBe('decided');
    expect(await readTestContent(kit.store, orgId, 'post', id)).toMatchObject({
      state: 'removed',
      stateReason: 'Advertising',
      stateChangedBy: moderator.userId,
    });
    const told = kit.notifications.find((n) => n.kind === 'moderation.decision');
    expect(told).toMatchObject({ userId: authorId, body: expect.stringContaining('Advertising') });
    expect(await kit.moderation.getStanding(orgId, authorId)).toEqual({
      upheldFlagsAgainst: 0,
      removals: 1,
      warnings: 0,
    });
    expect(kit.audits.at(-1)).toMatchObject({
      action: 'moderation.decided',
      actorId: moderator.userId,
      details: { action: 'remove', queueItemId },
    });
    expect((await kit.moderation.listQueue(moderator)).items).toEqual([]);
    expect((await kit.moderation.listQueue(moderator, { state: 'done' })).items.map((i) => i.id)).toEqual([
      queueItemId,
    ]);
    // Decided once: a second decision conflicts.
    expect(await codeOf(kit.moderation.decide(otherModerator, queueItemId!, { action: 'approve', reason: 'x' }))).toBe(
      'conflict',
    );
  });

  it('approve: content published again and flags cleared, so new flags must reach the threshold again', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const { queueItemId } = await hideByFlags(kit, id);
    await kit.moderation.decide(moderator, queueItemId!, { action: 'approve', reason: 'Not spam' });
    expect((await readTestContent(kit.store, orgId, 'post', id))?.state).toBe('published');
    expect((await kit.moderation.flag(member(), { kind: 'post', id, reason: 'Spam' })).hidden).toBe(false);
  });

  it('refuses a decision by a non-moderator and on another organisation’s item, changing nothing', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const { queueItemId } = await hideByFlags(kit, id);
    const before = await everything(kit);
    const input = { action: 'remove' as const, reason: 'x' };
    expect(await codeOf(kit.moderation.decide(member(), queueItemId!, input))).toBe('forbidden');
    expect(await codeOf(kit.moderation.decide(testActor({ orgId, role: 'instructor' }), queueItemId!, input))).toBe(
      'forbidden',
    );
    const foreignModerator = testActor({ orgId: otherOrgId, role: 'owner' });
    expect(await codeOf(kit.moderation.decide(foreignModerator, queueItemId!, input))).toBe('not_found');
    expect(await codeOf(kit.moderation.getItem(foreignModerator, queueItemId!))).toBe('not_found');
    expect(await codeOf(kit.moderation.decide(moderator, queueItemId!, { action: 'ban' as never, reason: 'x' }))).toBe(
      'invalid_input',
    );
    expect(await codeOf(kit.moderation.decide(moderator, queueItemId!, { action: 'remove', reason: '' }))).toBe(
      'invalid_input',
    );
    expect(await everything(kit)).toEqual(before);
    expect(kit.notifications.filter((n) => n.kind === 'moderation.decision')).toEqual([]);
  });

  it('lets the author appeal once; the appeal reopens the item for a different moderator', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const { queueItemId } = await hideByFlags(kit, id);
    const itemId = queueItemId!;
    // Nothing to appeal before a decision.
    expect(await codeOf(kit.moderation.appeal(author, itemId, { message: 'Why?' }))).toBe('conflict');
    await kit.moderation.decide(moderator, itemId, { action: 'remove', reason: 'Advertising' });
    const authorView = await kit.moderation.getItem(author, itemId);
    expect(authorView).toMatchObject({ canAppeal: true, signals: [], flags: [] });
    expect(authorView.decisions[0]).toMatchObject({ action: 'remove', reason: 'Advertising', moderatorId: null });

    expect(await codeOf(kit.moderation.appeal(member(), itemId, { message: 'Not mine' }))).toBe('forbidden');
    const appealed = await kit.moderation.appeal(author, itemId, { message: 'It was a course link, not an ad.' });
    expect(appealed).toMatchObject({ status: 'pending', canAppeal: false });
    expect(appealed.appeal?.message).toBe('It was a course link, not an ad.');

    const before = await everything(kit);
    expect(await codeOf(kit.moderation.appeal(author, itemId, { message: 'Again' }))).toBe('conflict');
    expect(await codeOf(kit.moderation.decide(moderator, itemId, { action: 'approve', reason: 'x' }))).toBe(
      'forbidden',
    );
    expect(await everything(kit)).toEqual(before);

    const pending = await kit.moderation.listQueue(otherModerator);
    expect(pending.items[0]).toMatchObject({ id: itemId, excludedModeratorId: moderator.userId });
    const final = await kit.moderation.decide(otherModerator, itemId, { action: 'approve', reason: 'A fair link' });
    expect(final.decisions.map((d) => [d.action, d.onAppeal])).toEqual([
      ['remove', false],
      ['approve', true],
    ]);
    expect((await readTestContent(kit.store, orgId, 'post', id))?.state).toBe('published');
    // The removal was taken back.
    expect(await kit.moderation.getStanding(orgId, authorId)).toEqual({
      upheldFlagsAgainst: 0,
      removals: 0,
      warnings: 0,
    });
    expect(await codeOf(kit.moderation.appeal(author, itemId, { message: 'Thanks' }))).toBe('conflict');
  });

  it('warn keeps the content up and counts against the author’s standing', async () => {
    const kit = createModerationTestKit();
    const id = await post(kit);
    const { queueItemId } = await hideByFlags(kit, id);
    await kit.moderation.decide(moderator, queueItemId!, { action: 'warn', reason: 'Be kind' });
    expect((await readTestContent(kit.store, orgId, 'post', id))?.state).toBe('published');
    expect(await kit.moderation.getStanding(orgId, authorId)).toEqual({
      upheldFlagsAgainst: 1,
      removals: 0,
      warnings: 1,
    });
  });

  it('lists the queue with a cursor, only for moderators', async () => {
    const kit = createModerationTestKit();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await post(kit);
      ids.push((await kit.moderation.flag(moderator, { kind: 'post', id, reason: 'Spam' })).queueItemId!);
      kit.clock.advance(1000);
    }
    const first = await kit.moderation.listQueue(moderator, { limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(ids.slice(0, 2));
    const second = await kit.moderation.listQueue(moderator, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.id)).toEqual(ids.slice(2));
    expect(await codeOf(kit.moderation.listQueue(member()))).toBe('forbidden');
    expect((await kit.moderation.listQueue(testActor({ orgId: otherOrgId, role: 'owner' }))).items).toEqual([]);
  });
});
