import type { Principal } from '../shared/actor.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { OrgRole } from './roles.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface GetOrganizationInput {
  organizationId: string;
}

export async function getOrganization(
  deps: IdentityDeps,
  principal: Principal,
  input: GetOrganizationInput,
): Promise<OrganizationView & { role: OrgRole }> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'org:read');
  return { ...toOrganizationView(access.org.data), role: access.role };
}
