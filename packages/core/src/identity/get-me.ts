import type { Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { userKey } from './keys.ts';
import { listUserMemberships } from './memberships.ts';
import type { PlanId } from './plans.ts';
import type { UserRecord } from './records.ts';
import { type OrgRole, type Permission, permissionsOf } from './roles.ts';
import { toUserView, type UserView } from './views.ts';

export interface MembershipSummary {
  organizationId: string;
  name: string;
  role: OrgRole;
  plan: PlanId;
  personal: boolean;
}

export interface Me {
  user: UserView;
  memberships: MembershipSummary[];
  /** The organisation this request acts in; null when the user belongs to none. */
  activeOrganizationId: string | null;
  /** What the caller may do in the active organisation. */
  permissions: Permission[];
}

/** The caller, their organisations and their permissions in the active one (`actor.orgId` when resolved). */
export async function getMe(deps: IdentityDeps, actor: Principal & { orgId?: string }): Promise<Me> {
  const [user, memberships] = await Promise.all([
    deps.store.get<UserRecord>(userKey(actor.userId)),
    listUserMemberships(deps, actor.userId),
  ]);
  if (!user) throw AppError.unauthenticated('This account no longer exists');
  const summaries = memberships.map(({ membership, organization }) => ({
    organizationId: organization.id,
    name: organization.name,
    role: membership.role,
    plan: organization.plan,
    personal: organization.personal,
  }));
  const active =
    summaries.find((m) => m.organizationId === actor.orgId) ??
    summaries.find((m) => m.organizationId === user.data.personalOrgId) ??
    summaries[0];
  return {
    user: toUserView(user.data),
    memberships: summaries,
    activeOrganizationId: active?.organizationId ?? null,
    permissions: active ? permissionsOf(active.role) : [],
  };
}
