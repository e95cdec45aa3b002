import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { invitationKey, invitationTokenKey } from './keys.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { InvitationRecord } from './records.ts';
import { canManageRole } from './roles.ts';
import { type InvitationView, toInvitationView } from './views.ts';

export interface RevokeInvitationInput {
  organizationId: string;
  invitationId: string;
}

export async function revokeInvitation(
  deps: IdentityDeps,
  principal: Principal,
  input: RevokeInvitationInput,
): Promise<InvitationView> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'member:invite');
  const orgId = access.org.data.id;
  const item = isId(input.invitationId, 'inv')
    ? await deps.store.get<InvitationRecord>(invitationKey(orgId, input.invitationId))
    : undefined;
  if (!item) throw AppError.notFound('invitation', String(input.invitationId));
  const invitation = item.data;
  if (!canManageRole(access.role, invitation.role)) {
    throw AppError.forbidden('member:invite', `An ${access.role} cannot revoke an invitation as ${invitation.role}`);
  }
  const nowMs = deps.clock.nowMs();
  if (invitation.status !== 'pending') {
    throw AppError.conflict(`This invitation is already ${invitation.status}`);
  }
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: invitationKey(orgId, invitation.id),
        changes: {
          set: { status: 'revoked', revokedBy: principal.userId, revokedAt: isoAt(nowMs) },
          condition: [{ kind: 'compare', field: 'status', op: '=', value: 'pending' }],
        },
      },
      { kind: 'delete', key: invitationTokenKey(invitation.tokenHash) },
    ]);
  } catch (error) {
    if (error instanceof ConditionFailedError)
      throw AppError.conflict('This invitation was accepted or revoked meanwhile');
    throw error;
  }
  return toInvitationView({ ...invitation, status: 'revoked' }, nowMs);
}
