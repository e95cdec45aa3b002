import type { Principal } from '../shared/actor.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { invitationPrefix, orgPartition } from './keys.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { InvitationRecord } from './records.ts';
import { type InvitationView, toInvitationView } from './views.ts';

export interface ListInvitationsInput {
  organizationId: string;
}

/** Pending invitations that can still be accepted, newest first. */
export async function listInvitations(
  deps: IdentityDeps,
  principal: Principal,
  input: ListInvitationsInput,
): Promise<{ items: InvitationView[] }> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'member:invite');
  const nowMs = deps.clock.nowMs();
  const items: InvitationView[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<InvitationRecord>({
      pk: orgPartition(access.org.data.id),
      sk: { beginsWith: invitationPrefix },
      reverse: true,
      cursor,
    });
    for (const item of page.items) {
      if (item.data.status === 'pending' && item.data.expiresAtMs > nowMs)
        items.push(toInvitationView(item.data, nowMs));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { items };
}
