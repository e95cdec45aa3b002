import type { TransactOperation } from '../ports/item-store.ts';
import type { Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId, requireRole } from './identity-input.ts';
import { memberKey, userKey } from './keys.ts';
import { memberHasRole, runMembershipTransaction, updateOrgCounts } from './membership-writes.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { MembershipRecord, UserRecord } from './records.ts';
import { canManageRole } from './roles.ts';
import { type MemberView, toMemberView } from './views.ts';

export interface ChangeMemberRoleInput {
  organizationId: string;
  userId: string;
  role: string;
}

/** Changes a member's role. Nobody hands out or takes away a role above their own; the last owner stays. */
export async function changeMemberRole(
  deps: IdentityDeps,
  principal: Principal,
  input: ChangeMemberRoleInput,
): Promise<MemberView> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'member:update_role');
  const role = requireRole(input.role);
  const orgId = access.org.data.id;
  const target = isId(input.userId, 'usr')
    ? await deps.store.get<MembershipRecord>(memberKey(orgId, input.userId))
    : undefined;
  if (!target) throw AppError.notFound('member', String(input.userId));
  const from = target.data.role;
  if (!canManageRole(access.role, from) || !canManageRole(access.role, role)) {
    throw AppError.forbidden('member:update_role', `An ${access.role} cannot change a ${from} into a ${role}`);
  }
  const user = (await deps.store.get<UserRecord>(userKey(target.data.userId)))?.data;
  if (from === role) return toMemberView(target.data, user);

  const operations: TransactOperation[] = [
    {
      kind: 'update',
      key: memberKey(orgId, target.data.userId),
      changes: { set: { role }, condition: [{ kind: 'compare', field: 'role', op: '=', value: from }] },
    },
  ];
  if (target.data.userId !== principal.userId) operations.push(memberHasRole(orgId, principal.userId, access.role));
  if (from === 'owner') operations.push(updateOrgCounts(deps, orgId, { owners: -1 }));
  if (role === 'owner') operations.push(updateOrgCounts(deps, orgId, { owners: 1 }));
  await runMembershipTransaction(deps, operations);
  return toMemberView({ ...target.data, role }, user);
}
