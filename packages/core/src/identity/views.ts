/** What use cases return: stored records minus secrets and bookkeeping, in the API's camelCase vocabulary. */
import type { PlanId } from './plans.ts';
import type { InvitationRecord, MembershipRecord, OrganizationRecord, UserRecord } from './records.ts';
import type { OrgRole, PlatformRole } from './roles.ts';

export interface UserView {
  id: string;
  email: string | null;
  name: string;
  platformRole: PlatformRole | null;
  personalOrganizationId: string;
  createdAt: string;
  updatedAt: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  plan: PlanId;
  personal: boolean;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface MemberView {
  userId: string;
  organizationId: string;
  /** `null` when the user's account no longer exists. */
  name: string | null;
  email: string | null;
  role: OrgRole;
  joinedAt: string;
}

export interface InvitationView {
  id: string;
  organizationId: string;
  email: string;
  role: OrgRole;
  status: InvitationRecord['status'] | 'expired';
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    platformRole: user.platformRole ?? null,
    personalOrganizationId: user.personalOrgId,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function toOrganizationView(org: OrganizationRecord): OrganizationView {
  return {
    id: org.id,
    name: org.name,
    plan: org.plan,
    personal: org.personal,
    memberCount: org.memberCount,
    createdAt: org.createdAt,
    updatedAt: org.updatedAt,
  };
}

export function toMemberView(membership: MembershipRecord, user: UserRecord | undefined): MemberView {
  return {
    userId: membership.userId,
    organizationId: membership.orgId,
    name: user?.name ?? null,
    email: user?.email ?? null,
    role: membership.role,
    joinedAt: membership.joinedAt,
  };
}

export function toInvitationView(invitation: InvitationRecord, nowMs: number): InvitationView {
  return {
    id: invitation.id,
    organizationId: invitation.orgId,
    email: invitation.email,
    role: invitation.role,
    status: invitation.status === 'pending' && invitation.expiresAtMs <= nowMs ? 'expired' : invitation.status,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: new Date(invitation.expiresAtMs).toISOString(),
  };
}
