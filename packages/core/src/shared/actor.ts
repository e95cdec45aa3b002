/**
 * Who is acting. Built by identity's `resolveActor` from a verified token plus a membership read on
 * every request, so tenant, role and plan never come from the client. Use cases take it as their
 * second argument and authorise with `can(actor.role, permission)`.
 */

import type { PlanId } from '../identity/plans.ts';
import type { OrgRole, PlatformRole } from '../identity/roles.ts';

/** A signed-in user, independent of any organisation (account routes, accepting invitations). */
export interface Principal {
  userId: string;
  platformRole?: PlatformRole;
}

/** A signed-in user acting inside one organisation they are a member of. */
export interface Actor extends Principal {
  orgId: string;
  role: OrgRole;
  plan: PlanId;
}
