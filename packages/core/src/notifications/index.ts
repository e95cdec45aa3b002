/**
 * In-app notifications: the one implementation of `Notify` (notify.ts) that every module is given,
 * plus the reader's side (list, unread count, mark read). Scoped to the recipient inside one
 * organisation. Live delivery is the optional `onNotified` hook (wired to the event stream).
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import type { ItemStore } from '../ports/item-store.ts';
import type { Actor } from '../shared/actor.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { createIds, type Ids } from '../shared/ids.ts';
import { deleteNotificationsAccount, exportNotificationsAccount } from './account-data.ts';
import {
  countUnread,
  type ListNotificationsInput,
  listNotifications,
  type NotificationPage,
} from './list-notifications.ts';
import { type MarkReadInput, markRead } from './mark-read.ts';
import type { NotificationsDeps } from './notifications-deps.ts';
import type { Notify } from './notify.ts';
import { notifyUser } from './notify-user.ts';

export interface NotificationsOptions {
  store: ItemStore;
  clock?: Clock;
  ids?: Ids;
  onNotified?: NotificationsDeps['onNotified'];
}

export interface Notifications {
  notify: Notify;
  list(actor: Actor, input: ListNotificationsInput): Promise<NotificationPage>;
  unreadCount(actor: Actor): Promise<number>;
  markRead(actor: Actor, input: MarkReadInput): Promise<{ marked: number; unreadCount: number }>;
  /** Identity's account extensions: every notification of the user in the export, and removed with the account. */
  exportAccount(context: AccountExportContext): Promise<unknown>;
  deleteAccount(context: AccountDeletionContext): Promise<void>;
}

export function createNotifications(options: NotificationsOptions): Notifications {
  const clock = options.clock ?? systemClock;
  const deps: NotificationsDeps = {
    store: options.store,
    clock,
    ids: options.ids ?? createIds(() => clock.nowMs()),
    ...(options.onNotified ? { onNotified: options.onNotified } : {}),
  };
  return {
    notify: (input) => notifyUser(deps, input),
    list: (actor, input) => listNotifications(deps, actor, input),
    unreadCount: (actor) => countUnread(deps, actor),
    markRead: (actor, input) => markRead(deps, actor, input),
    exportAccount: (context) => exportNotificationsAccount(deps, context),
    deleteAccount: (context) => deleteNotificationsAccount(deps, context),
  };
}

export type { ListNotificationsInput, NotificationPage } from './list-notifications.ts';
export type { MarkReadInput } from './mark-read.ts';
export type { NotificationInput, Notify } from './notify.ts';
export type { NotificationView } from './records.ts';
