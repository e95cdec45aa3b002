/**
 * Every item key the notifications module writes (single-table design, DESIGN §3).
 *
 *   T#<orgId>#NOTIF#<userId> / N#<notificationId>  one notification (ids sort by time)
 *   T#<orgId>#NOTIF#<userId> / UNREAD              the recipient's unread counter (atomic adds)
 *   T#<orgId>#NOTIF#<userId> / DEDUPE#<key>        marker: a notification with this dedupe key exists
 */

export const notificationPartition = (orgId: string, userId: string) => `T#${orgId}#NOTIF#${userId}`;
export const notificationPrefix = 'N#';
export const notificationKey = (orgId: string, userId: string, notificationId: string) => ({
  pk: notificationPartition(orgId, userId),
  sk: `${notificationPrefix}${notificationId}`,
});
export const unreadCounterKey = (orgId: string, userId: string) => ({
  pk: notificationPartition(orgId, userId),
  sk: 'UNREAD',
});
export const dedupeKey = (orgId: string, userId: string, key: string) => ({
  pk: notificationPartition(orgId, userId),
  sk: `DEDUPE#${key}`,
});
