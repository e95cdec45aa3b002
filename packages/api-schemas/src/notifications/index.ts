/** Wire schemas of in-app notifications (`/api/notifications`). */
import { z } from 'zod';

export const Notification = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationPage = z
  .object({ items: z.array(Notification), nextCursor: z.string().nullable(), unreadCount: z.number().int() })
  .meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof NotificationPage>;

export const NotificationListQuery = z.object({
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  unreadOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

export const UnreadCount = z.object({ unreadCount: z.number().int() }).meta({ id: 'UnreadCount' });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const MarkNotificationsReadRequest = z
  .union([
    z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ])
  .meta({ id: 'MarkNotificationsReadRequest' });
export type MarkNotificationsReadRequest = z.infer<typeof MarkNotificationsReadRequest>;

export const MarkNotificationsReadResult = z
  .object({ marked: z.number().int(), unreadCount: z.number().int() })
  .meta({ id: 'MarkNotificationsReadResult' });
export type MarkNotificationsReadResult = z.infer<typeof MarkNotificationsReadResult>;
