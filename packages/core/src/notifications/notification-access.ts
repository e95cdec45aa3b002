import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';

/** Every member may read their own notifications; the permission check keeps the rule in roles.ts. */
export function requireNotificationAccess(actor: Actor): void {
  if (!can(actor.role, 'notification:read')) throw AppError.forbidden('notification:read');
}
