/**
 * Notifications' part in account export and deletion (identity's account extensions): a user's
 * notifications are about them and for them alone, so the export has them all and deletion removes them
 * all, in every organisation, whether it keeps existing or not.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import { deletePartition, readPartition } from '../shared/partition-items.ts';
import { notificationPartition, notificationPrefix } from './keys.ts';
import type { NotificationsDeps } from './notifications-deps.ts';
import type { NotificationRecord } from './records.ts';

type Deps = Pick<NotificationsDeps, 'store'>;

export async function exportNotificationsAccount(deps: Deps, context: AccountExportContext) {
  const notifications = [];
  for (const orgId of context.organizationIds) {
    const pk = notificationPartition(orgId, context.userId);
    for (const { data } of await readPartition<NotificationRecord>(deps.store, { pk, prefix: notificationPrefix })) {
      const { id, kind, title, body, link, createdAt, readAt } = data;
      notifications.push({ id, organizationId: orgId, kind, title, body, link, createdAt, readAt });
    }
  }
  return { notifications };
}

export async function deleteNotificationsAccount(deps: Deps, context: AccountDeletionContext): Promise<void> {
  for (const orgId of [...context.sharedOrganizationIds, ...context.deletedOrganizationIds]) {
    await deletePartition(deps.store, { pk: notificationPartition(orgId, context.userId) });
  }
}
