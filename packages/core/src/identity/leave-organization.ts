import type { Principal } from '../shared/actor.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { endMembership, runMembershipTransaction, updateOrgCounts } from './membership-writes.ts';
import { requireOrgAccess } from './memberships.ts';

export interface LeaveOrganizationInput {
  organizationId: string;
}

/** Leaves an organisation. The only owner cannot leave (make someone else owner first). */
export async function leaveOrganization(
  deps: IdentityDeps,
  principal: Principal,
  input: LeaveOrganizationInput,
): Promise<void> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  const orgId = access.org.data.id;
  await runMembershipTransaction(deps, [
    ...endMembership(deps, orgId, principal.userId, access.role),
    updateOrgCounts(deps, orgId, { members: -1, ...(access.role === 'owner' ? { owners: -1 } : {}) }),
  ]);
}
