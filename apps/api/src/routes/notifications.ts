/**
 * The caller's in-app notifications in the active organisation: list (newest first, with the unread
 * count), the unread count alone (the bell polls it), and mark read (some ids, or all).
 */
import {
  MarkNotificationsReadRequest,
  MarkNotificationsReadResult,
  NotificationListQuery,
  NotificationPage,
  UnreadCount,
} from '@diatonic/api-schemas';
import { type Actor, AppError, type Notifications } from '@diatonic/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../http/route-kit.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/api/notifications',
  tags: ['notifications'],
  summary: 'My notifications in the active organisation, newest first, with the unread count (notification:read)',
  ...signedIn(),
  request: { query: NotificationListQuery },
  responses: { 200: jsonResponse('One page of notifications', NotificationPage), ...errorResponses(400, 401, 403) },
});

const unreadRoute = createRoute({
  method: 'get',
  path: '/api/notifications/unread-count',
  tags: ['notifications'],
  summary: 'How many of my notifications are unread (notification:read)',
  ...signedIn(),
  responses: { 200: jsonResponse('The unread count', UnreadCount), ...errorResponses(401, 403) },
});

const markReadRoute = createRoute({
  method: 'post',
  path: '/api/notifications/read',
  tags: ['notifications'],
  summary: 'Mark some (`ids`) or all (`all: true`) of my notifications read; unknown ids → 404 and nothing changes',
  ...signedIn({ action: 'notification.read' }),
  request: { body: jsonBody(MarkNotificationsReadRequest) },
  responses: {
    200: jsonResponse('How many were marked, and the unread count', MarkNotificationsReadResult),
    ...errorResponses(400, 401, 403, 404),
  },
});

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw AppError.forbidden('notification:read', 'Join or create an organisation to get notifications');
  return actor;
}

export function notificationRoutes({ notifications }: { notifications: Notifications }) {
  return new OpenAPIHono<AppEnv>()
    .openapi(listRoute, async (c) => c.json(await notifications.list(actorOf(c), c.req.valid('query')), 200))
    .openapi(unreadRoute, async (c) => c.json({ unreadCount: await notifications.unreadCount(actorOf(c)) }, 200))
    .openapi(markReadRoute, async (c) => c.json(await notifications.markRead(actorOf(c), c.req.valid('json')), 200));
}
