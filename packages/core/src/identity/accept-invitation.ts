import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { invitationKey, invitationTokenKey, memberIndex, memberKey, orgKey, userKey } from './keys.ts';
import { memberLimitReached, roomForMemberCondition } from './member-limit.ts';
import type {
  InvitationRecord,
  InvitationTokenRecord,
  MembershipRecord,
  OrganizationRecord,
  UserRecord,
} from './records.ts';
import type { OrgRole } from './roles.ts';
import { hashToken } from './sessions.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface AcceptInvitationInput {
  token: string;
}

export interface AcceptInvitationResult {
  organization: OrganizationView;
  role: OrgRole;
}

const invalidInvitation = () =>
  new AppError('not_found', 'This invitation does not exist, has expired or was revoked', {
    details: { resource: 'invitation' },
  });

/**
 * Joins the organisation an invitation is for. The signed-in user's e-mail must be the invited one
 * (case-insensitive). One transaction marks the invitation accepted, adds the membership and bumps the
 * member count under the plan's limit, so concurrent accepts can neither reuse a token nor overfill.
 */
export async function acceptInvitation(
  deps: IdentityDeps,
  principal: Principal,
  input: AcceptInvitationInput,
): Promise<AcceptInvitationResult> {
  if (typeof input.token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw invalidInvitation();
  const tokenKey = invitationTokenKey(hashToken(input.token));
  const pointer = await deps.store.get<InvitationTokenRecord>(tokenKey);
  if (!pointer) throw invalidInvitation();
  const { orgId, invitationId } = pointer.data;
  const [invitationItem, orgItem, userItem] = await Promise.all([
    deps.store.get<InvitationRecord>(invitationKey(orgId, invitationId)),
    deps.store.get<OrganizationRecord>(orgKey(orgId)),
    deps.store.get<UserRecord>(userKey(principal.userId)),
  ]);
  if (!userItem) throw AppError.unauthenticated('This account no longer exists');
  const nowMs = deps.clock.nowMs();
  const invitation = invitationItem?.data;
  if (!invitation || !orgItem || invitation.status !== 'pending' || invitation.expiresAtMs <= nowMs) {
    throw invalidInvitation();
  }
  if (userItem.data.emailNormalised !== invitation.emailNormalised) {
    throw AppError.forbidden(
      'invitation:accept',
      'This invitation was sent to a different e-mail address; sign in with that address to accept it',
    );
  }
  const org = orgItem.data;
  const now = isoAt(nowMs);
  const membership: MembershipRecord = { orgId, userId: principal.userId, role: invitation.role, joinedAt: now };
  try {
    await deps.store.transact([
      {
        kind: 'update',
        key: invitationKey(orgId, invitationId),
        changes: {
          set: { status: 'accepted', acceptedBy: principal.userId, acceptedAt: now },
          condition: [
            { kind: 'compare', field: 'status', op: '=', value: 'pending' },
            { kind: 'compare', field: 'expiresAtMs', op: '>', value: nowMs },
          ],
        },
      },
      {
        kind: 'put',
        item: { ...memberKey(orgId, principal.userId), ...memberIndex(orgId, principal.userId), data: membership },
        condition: [{ kind: 'notExists' }],
      },
      {
        kind: 'update',
        key: orgKey(orgId),
        changes: {
          add: { memberCount: 1, ...(invitation.role === 'owner' ? { ownerCount: 1 } : {}) },
          set: { updatedAt: now },
          condition: roomForMemberCondition(org),
        },
      },
      { kind: 'delete', key: tokenKey },
    ]);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.index === 0) throw invalidInvitation();
    if (error.index === 1) throw AppError.conflict('You are already a member of this organisation');
    if (error.index === 2) {
      const current = await deps.store.get<OrganizationRecord>(orgKey(orgId));
      if (!current) throw invalidInvitation();
      throw memberLimitReached(current.data);
    }
    throw error;
  }
  return {
    organization: toOrganizationView({ ...org, memberCount: org.memberCount + 1 }),
    role: invitation.role,
  };
}
