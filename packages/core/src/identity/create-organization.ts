import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requireName } from './identity-input.ts';
import { memberIndex, memberKey, organizationIndex, orgKey, userKey } from './keys.ts';
import { listUserMemberships } from './memberships.ts';
import type { MembershipRecord, OrganizationRecord } from './records.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface CreateOrganizationInput {
  name: string;
}

/** How many organisations one user may own; stops a script from creating tenants without end. */
export const maxOwnedOrganizations = 20;

/** Creates an organisation on the free plan with the caller as its only owner. */
export async function createOrganization(
  deps: IdentityDeps,
  principal: Principal,
  input: CreateOrganizationInput,
): Promise<OrganizationView> {
  const name = requireName(input.name, 'name');
  const owned = (await listUserMemberships(deps, principal.userId)).filter((m) => m.membership.role === 'owner');
  if (owned.length >= maxOwnedOrganizations) {
    throw AppError.conflict(`You already own ${maxOwnedOrganizations} organisations, the most one account may own`);
  }
  const now = isoAt(deps.clock.nowMs());
  const orgId = deps.ids.next('org');
  const organization: OrganizationRecord = {
    id: orgId,
    name,
    plan: 'free',
    personal: false,
    memberCount: 1,
    ownerCount: 1,
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  const membership: MembershipRecord = { orgId, userId: principal.userId, role: 'owner', joinedAt: now };
  await deps.store.transact([
    { kind: 'conditionCheck', key: userKey(principal.userId), condition: [{ kind: 'exists' }] },
    {
      kind: 'put',
      item: { ...orgKey(orgId), ...organizationIndex(orgId, organization.createdAt), data: organization },
      condition: [{ kind: 'notExists' }],
    },
    {
      kind: 'put',
      item: { ...memberKey(orgId, principal.userId), ...memberIndex(orgId, principal.userId), data: membership },
      condition: [{ kind: 'notExists' }],
    },
  ]);
  return toOrganizationView(organization);
}
