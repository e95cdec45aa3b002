/**
 * Stores one notification and bumps the recipient's unread counter in one transaction, so the count
 * never drifts from the items. Notifications are kept until the account or organisation goes (no TTL,
 * which would leave the counter counting items that expired unread). With a dedupe key, a marker item joins the transaction: a second
 * notify with the same key (a redelivered job, a retried request) fails its condition and is dropped.
 */

import type { TransactOperation } from '../ports/item-store.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { dedupeKey, notificationKey, unreadCounterKey } from './keys.ts';
import type { NotificationsDeps } from './notifications-deps.ts';
import type { NotificationInput } from './notify.ts';
import { type NotificationRecord, toNotificationView } from './records.ts';

const kindPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const limits = { title: 200, body: 2000, link: 500, dedupeKey: 200 } as const;
/** Dedupe markers only need to outlive redeliveries and retries. */
const dedupeRetentionSeconds = 30 * 86_400;

function checkInput(input: NotificationInput): void {
  const fail = (field: string, message: string) => {
    throw AppError.invalidInput(message, { field });
  };
  if (!kindPattern.test(input.kind)) fail('kind', 'kind must look like area.event');
  if (!input.title || input.title.length > limits.title) fail('title', `title must be 1–${limits.title} characters`);
  if (input.body !== undefined && input.body.length > limits.body)
    fail('body', `body is over ${limits.body} characters`);
  if (input.link !== undefined && (!input.link.startsWith('/') || input.link.length > limits.link))
    fail('link', 'link must be a path inside the web app');
  if (input.dedupeKey !== undefined && (!input.dedupeKey || input.dedupeKey.length > limits.dedupeKey))
    fail('dedupeKey', `dedupeKey must be 1–${limits.dedupeKey} characters`);
}

export async function notifyUser(deps: NotificationsDeps, input: NotificationInput): Promise<void> {
  checkInput(input);
  const nowMs = deps.clock.nowMs();
  const id = deps.ids.next('ntf');
  const record: NotificationRecord = {
    id,
    organizationId: input.organizationId,
    userId: input.userId,
    kind: input.kind,
    title: input.title,
    body: input.body ?? null,
    link: input.link ?? null,
    createdAt: isoAt(nowMs),
    read: false,
    readAt: null,
  };
  const expiresAt = Math.floor(nowMs / 1000) + dedupeRetentionSeconds;
  const operations: TransactOperation[] = [
    {
      kind: 'put',
      item: { ...notificationKey(input.organizationId, input.userId, id), data: record },
      condition: [{ kind: 'notExists' }],
    },
    { kind: 'update', key: unreadCounterKey(input.organizationId, input.userId), changes: { add: { unread: 1 } } },
  ];
  if (input.dedupeKey !== undefined) {
    operations.push({
      kind: 'put',
      item: { ...dedupeKey(input.organizationId, input.userId, input.dedupeKey), data: { id }, expiresAt },
      condition: [{ kind: 'notExists' }],
    });
  }
  try {
    await deps.store.transact(operations);
  } catch (error) {
    // Stored already under this dedupe key: the one failure that is a success. Any other failed
    // condition is passed on, so the caller's log says a notification was lost instead of nobody.
    if (
      error instanceof ConditionFailedError &&
      input.dedupeKey !== undefined &&
      (await deps.store.get(dedupeKey(input.organizationId, input.userId, input.dedupeKey)))
    ) {
      return;
    }
    throw error;
  }
  try {
    deps.onNotified?.({
      organizationId: input.organizationId,
      userId: input.userId,
      notification: toNotificationView(record),
    });
  } catch {
    // Live delivery is best effort; the stored notification is the source of truth.
  }
}
