import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireName } from './identity-input.ts';
import { orgKey } from './keys.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { OrganizationRecord } from './records.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface RenameOrganizationInput {
  organizationId: string;
  name: string;
}

export async function renameOrganization(
  deps: IdentityDeps,
  principal: Principal,
  input: RenameOrganizationInput,
): Promise<OrganizationView> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'org:update');
  const name = requireName(input.name, 'name');
  const updated = await deps.store.update<OrganizationRecord>(orgKey(access.org.data.id), {
    set: { name, updatedAt: isoAt(deps.clock.nowMs()) },
    condition: [{ kind: 'exists' }],
  });
  return toOrganizationView(updated.data);
}
