/** Stored shape of a notification and its wire view (the same fields; `readAt` null until read). */

export interface NotificationRecord extends Record<string, unknown> {
  id: string;
  organizationId: string;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  /** Mirrors `readAt !== null` as a boolean so a write condition can test it. */
  read: boolean;
  readAt: string | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export function toNotificationView(record: NotificationRecord): NotificationView {
  return {
    id: record.id,
    kind: record.kind,
    title: record.title,
    body: record.body,
    link: record.link,
    createdAt: record.createdAt,
    readAt: record.readAt,
  };
}
