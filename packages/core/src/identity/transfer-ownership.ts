import type { Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { memberKey } from './keys.ts';
import { runMembershipTransaction } from './membership-writes.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { MembershipRecord } from './records.ts';
import type { OrgRole } from './roles.ts';

export interface TransferOwnershipInput {
  organizationId: string;
  /** The member who becomes owner; the caller becomes admin. */
  userId: string;
}

export interface TransferOwnershipResult {
  organizationId: string;
  ownerId: string;
  previousOwnerRole: OrgRole;
}

/** Hands ownership to another member in one transaction; the owner count does not change. */
export async function transferOwnership(
  deps: IdentityDeps,
  principal: Principal,
  input: TransferOwnershipInput,
): Promise<TransferOwnershipResult> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'org:transfer_ownership');
  const orgId = access.org.data.id;
  if (input.userId === principal.userId)
    throw AppError.invalidInput('You already own this organisation', { field: 'userId' });
  const target = isId(input.userId, 'usr')
    ? await deps.store.get<MembershipRecord>(memberKey(orgId, input.userId))
    : undefined;
  if (!target) throw AppError.notFound('member', String(input.userId));
  if (target.data.role === 'owner') throw AppError.conflict('This member is already an owner');
  await runMembershipTransaction(deps, [
    {
      kind: 'update',
      key: memberKey(orgId, target.data.userId),
      changes: {
        set: { role: 'owner' },
        condition: [{ kind: 'compare', field: 'role', op: '=', value: target.data.role }],
      },
    },
    {
      kind: 'update',
      key: memberKey(orgId, principal.userId),
      changes: { set: { role: 'admin' }, condition: [{ kind: 'compare', field: 'role', op: '=', value: 'owner' }] },
    },
  ]);
  return { organizationId: orgId, ownerId: target.data.userId, previousOwnerRole: 'admin' };
}
