import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { createNotifications } from './index.ts';

const alice: Actor = { userId: 'usr_alice', orgId: 'org_one', role: 'member', plan: 'free' };
const aliceElsewhere: Actor = { ...alice, orgId: 'org_two' };
const bob: Actor = { ...alice, userId: 'usr_bob' };

function setup() {
  const delivered: string[] = [];
  const notifications = createNotifications({
    store: createMemoryItemStore(),
    onNotified: ({ userId, notification }) => delivered.push(`${userId}:${notification.title}`),
  });
  const notifyAlice = (title: string, extra: { dedupeKey?: string } = {}) =>
    notifications.notify({ organizationId: 'org_one', userId: 'usr_alice', kind: 'test.ping', title, ...extra });
  return { notifications, delivered, notifyAlice };
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('notifications', () => {
  it('lists the recipient’s notifications newest first with the unread count, scoped to user and organisation', async () => {
    const { notifications, delivered, notifyAlice } = setup();
    await notifyAlice('first');
    await notifyAlice('second', { dedupeKey: 'k1' });
    const page = await notifications.list(alice, {});
    expect(page.items.map((n) => n.title)).toEqual(['second', 'first']);
    expect(page.unreadCount).toBe(2);
    expect(delivered).toEqual(['usr_alice:first', 'usr_alice:second']);
    expect((await notifications.list(bob, {})).items).toEqual([]);
    expect((await notifications.list(aliceElsewhere, {})).unreadCount).toBe(0);
  });

  it('stores a notification once per dedupe key (redelivered jobs)', async () => {
    const { notifications, notifyAlice } = setup();
    await Promise.all([notifyAlice('once', { dedupeKey: 'job-1' }), notifyAlice('once', { dedupeKey: 'job-1' })]);
    await notifyAlice('once', { dedupeKey: 'job-1' });
    expect((await notifications.list(alice, {})).items).toHaveLength(1);
    expect(await notifications.unreadCount(alice)).toBe(1);
  });

  it('passes on a failed write that is not a duplicate, even with a dedupe key', async () => {
    // Two notifications given the same id: the second put's condition fails, but no marker holds its key.
    const notifications = createNotifications({ store: createMemoryItemStore(), ids: { next: () => 'ntf_same' } });
    const notify = (dedupeKey: string) =>
      notifications.notify({
        organizationId: 'org_one',
        userId: 'usr_alice',
        kind: 'test.ping',
        title: 't',
        dedupeKey,
      });
    await notify('first');
    await expect(notify('second')).rejects.toBeInstanceOf(ConditionFailedError);
    await notify('first');
    expect(await notifications.unreadCount(alice)).toBe(1);
  });

  it('marks read exactly once even when asked twice at the same time', async () => {
    const { notifications, notifyAlice } = setup();
    await notifyAlice('a');
    await notifyAlice('b');
    const [a] = (await notifications.list(alice, {})).items;
    const results = await Promise.all([
      notifications.markRead(alice, { ids: [a?.id ?? ''] }),
      notifications.markRead(alice, { ids: [a?.id ?? ''] }),
    ]);
    expect(results.map((r) => r.marked).sort()).toEqual([0, 1]);
    expect(await notifications.unreadCount(alice)).toBe(1);
    const all = await notifications.markRead(alice, { all: true });
    expect(all).toEqual({ marked: 1, unreadCount: 0 });
    expect((await notifications.list(alice, { unreadOnly: true })).items).toEqual([]);
  });

  it('refuses another user’s notification id without changing anything', async () => {
    const { notifications, notifyAlice } = setup();
    await notifyAlice('mine');
    const [mine] = (await notifications.list(alice, {})).items;
    const error = await errorOf(notifications.markRead(bob, { ids: [mine?.id ?? ''] }));
    expect(error.code).toBe('not_found');
    expect(await notifications.unreadCount(alice)).toBe(1);
  });

  it('rejects malformed input with the field named', async () => {
    const { notifications } = setup();
    expect((await errorOf(notifications.markRead(alice, { ids: ['nope'] }))).details).toEqual({ field: 'ids' });
    expect((await errorOf(notifications.markRead(alice, { ids: [] }))).code).toBe('invalid_input');
    expect((await errorOf(notifications.list(alice, { limit: 0 }))).details).toEqual({ field: 'limit' });
    const bad = notifications.notify({ organizationId: 'org_one', userId: 'usr_alice', kind: 'Bad', title: 't' });
    expect((await errorOf(bad)).details).toEqual({ field: 'kind' });
    const link = notifications.notify({
      organizationId: 'org_one',
      userId: 'u',
      kind: 'a.b',
      title: 't',
      link: 'https://x',
    });
    expect((await errorOf(link)).details).toEqual({ field: 'link' });
  });
});
