import type { TransactOperation } from '../ports/item-store.ts';
import type { Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { memberKey } from './keys.ts';
import { leaveOrganization } from './leave-organization.ts';
import { endMembership, memberHasRole, runMembershipTransaction, updateOrgCounts } from './membership-writes.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { MembershipRecord } from './records.ts';
import { canManageRole } from './roles.ts';

export interface RemoveMemberInput {
  organizationId: string;
  userId: string;
}

/** Removes a member; they lose access at their next request, whatever tokens they hold. Removing yourself is leaving. */
export async function removeMember(deps: IdentityDeps, principal: Principal, input: RemoveMemberInput): Promise<void> {
  if (input.userId === principal.userId) return leaveOrganization(deps, principal, input);
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'member:remove');
  const orgId = access.org.data.id;
  const target = isId(input.userId, 'usr')
    ? await deps.store.get<MembershipRecord>(memberKey(orgId, input.userId))
    : undefined;
  if (!target) throw AppError.notFound('member', String(input.userId));
  if (!canManageRole(access.role, target.data.role)) {
    throw AppError.forbidden('member:remove', `An ${access.role} cannot remove a ${target.data.role}`);
  }
  const operations: TransactOperation[] = [
    ...endMembership(deps, orgId, target.data.userId, target.data.role),
    memberHasRole(orgId, principal.userId, access.role),
    updateOrgCounts(deps, orgId, { members: -1, ...(target.data.role === 'owner' ? { owners: -1 } : {}) }),
  ];
  await runMembershipTransaction(deps, operations);
}
