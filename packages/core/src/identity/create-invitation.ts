import { randomBytes } from 'node:crypto';
import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { normaliseEmail, requireValidEmail } from './email-address.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireRole } from './identity-input.ts';
import { emailKey, invitationKey, invitationTokenKey, memberKey } from './keys.ts';
import { hasRoomForMember, memberLimitReached } from './member-limit.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { EmailRecord, InvitationRecord, InvitationTokenRecord } from './records.ts';
import { canManageRole } from './roles.ts';
import { hashToken } from './sessions.ts';
import { type InvitationView, toInvitationView } from './views.ts';

export interface CreateInvitationInput {
  organizationId: string;
  email: string;
  role: string;
}

export interface CreateInvitationResult {
  invitation: InvitationView;
  /** Shown once: only its hash is stored. The invitee presents it to accept. */
  token: string;
}

/** Kept after expiry so the list can say "expired" for a while, then removed by TTL. */
const invitationRetentionMs = 30 * 24 * 60 * 60 * 1000;

export async function createInvitation(
  deps: IdentityDeps,
  principal: Principal,
  input: CreateInvitationInput,
): Promise<CreateInvitationResult> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'member:invite');
  const role = requireRole(input.role);
  if (!canManageRole(access.role, role)) {
    throw AppError.forbidden('member:invite', `An ${access.role} cannot invite someone as ${role}`);
  }
  const email = requireValidEmail(input.email);
  const emailNormalised = normaliseEmail(email);
  const org = access.org.data;
  if (!hasRoomForMember(org)) throw memberLimitReached(org);

  const existingUser = await deps.store.get<EmailRecord>(emailKey(emailNormalised));
  if (existingUser && (await deps.store.get(memberKey(org.id, existingUser.data.userId)))) {
    throw AppError.conflict(`${email} is already a member of this organisation`, { field: 'email' });
  }

  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const nowMs = deps.clock.nowMs();
  const expiresAtMs = nowMs + deps.settings.invitationTtlMs;
  const invitation: InvitationRecord = {
    id: deps.ids.next('inv'),
    orgId: org.id,
    email,
    emailNormalised,
    role,
    status: 'pending',
    tokenHash,
    invitedBy: principal.userId,
    createdAt: isoAt(nowMs),
    expiresAtMs,
  };
  const tokenRecord: InvitationTokenRecord = { orgId: org.id, invitationId: invitation.id };
  await deps.store.transact([
    // The inviter must still hold the role we authorised (not demoted or removed meanwhile).
    {
      kind: 'conditionCheck',
      key: memberKey(org.id, principal.userId),
      condition: [{ kind: 'compare', field: 'role', op: '=', value: access.role }],
    },
    {
      kind: 'put',
      item: {
        ...invitationKey(org.id, invitation.id),
        data: invitation,
        expiresAt: Math.ceil((expiresAtMs + invitationRetentionMs) / 1000),
      },
      condition: [{ kind: 'notExists' }],
    },
    {
      kind: 'put',
      item: { ...invitationTokenKey(tokenHash), data: tokenRecord, expiresAt: Math.ceil(expiresAtMs / 1000) },
      condition: [{ kind: 'notExists' }],
    },
  ]);
  return { invitation: toInvitationView(invitation, nowMs), token };
}
