import type { Principal } from '../shared/actor.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { listUserMemberships } from './memberships.ts';
import type { OrgRole } from './roles.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface MyOrganization extends OrganizationView {
  role: OrgRole;
}

/** The organisations the caller belongs to, with their role in each. */
export async function listMyOrganizations(
  deps: IdentityDeps,
  principal: Principal,
): Promise<{ items: MyOrganization[] }> {
  const memberships = await listUserMemberships(deps, principal.userId);
  return {
    items: memberships.map(({ membership, organization }) => ({
      ...toOrganizationView(organization),
      role: membership.role,
    })),
  };
}
