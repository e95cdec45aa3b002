/** Reads shared by the use cases: a user's memberships, and one organisation as seen by one caller. */
import type { StoredItem } from '../ports/item-store.ts';
import type { Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { readPartition } from '../shared/partition-items.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { formerMemberIndexPrefix, memberIndexPrefix, memberKey, orgKey, userPartition } from './keys.ts';
import type { FormerMemberRecord, MembershipRecord, OrganizationRecord } from './records.ts';
import { can, type OrgRole, type Permission } from './roles.ts';

export interface UserMembership {
  membership: MembershipRecord;
  organization: OrganizationRecord;
}

/** Every organisation the user belongs to, oldest membership id order (by organisation id). */
export async function listUserMemberships(deps: IdentityDeps, userId: string): Promise<UserMembership[]> {
  const memberships: MembershipRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<MembershipRecord>({
      index: 'gsi1',
      pk: userPartition(userId),
      sk: { beginsWith: memberIndexPrefix },
      cursor,
    });
    memberships.push(...page.items.map((item) => item.data));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const organizations = new Map<string, OrganizationRecord>();
  for (let i = 0; i < memberships.length; i += 100) {
    const items = await deps.store.getMany<OrganizationRecord>(
      memberships.slice(i, i + 100).map((m) => orgKey(m.orgId)),
    );
    for (const item of items) organizations.set(item.data.id, item.data);
  }
  return memberships.flatMap((membership) => {
    const organization = organizations.get(membership.orgId);
    return organization ? [{ membership, organization }] : [];
  });
}

/**
 * Organisations the user left (or was removed from) that still exist and that they have not rejoined:
 * what they wrote there is theirs for export and deletion.
 */
export async function listFormerOrganizationIds(deps: IdentityDeps, userId: string): Promise<string[]> {
  const former = await readPartition<FormerMemberRecord>(deps.store, {
    index: 'gsi1',
    pk: userPartition(userId),
    prefix: formerMemberIndexPrefix,
  });
  const ids: string[] = [];
  for (let i = 0; i < former.length; i += 50) {
    const orgIds = former.slice(i, i + 50).map((item) => item.data.orgId);
    const items = await deps.store.getMany(orgIds.flatMap((orgId) => [orgKey(orgId), memberKey(orgId, userId)]));
    const existing = new Set(items.filter((item) => item.sk === 'ORG').map((item) => item.pk));
    const rejoined = new Set(items.filter((item) => item.sk !== 'ORG').map((item) => item.pk));
    for (const orgId of orgIds) {
      const pk = orgKey(orgId).pk;
      if (existing.has(pk) && !rejoined.has(pk)) ids.push(orgId);
    }
  }
  return ids;
}

export interface OrgAccess {
  org: StoredItem<OrganizationRecord>;
  membership: StoredItem<MembershipRecord>;
  role: OrgRole;
}

/**
 * The caller's membership in an organisation, read now (a removed member loses access at once).
 * Not a member, or no such organisation, is `not_found`: other tenants' organisations do not exist for you.
 */
export async function requireOrgAccess(deps: IdentityDeps, principal: Principal, orgId: unknown): Promise<OrgAccess> {
  if (!isId(orgId, 'org')) throw AppError.notFound('organization');
  const items = await deps.store.getMany<OrganizationRecord | MembershipRecord>([
    orgKey(orgId),
    memberKey(orgId, principal.userId),
  ]);
  const org = items.find((item) => item.sk === 'ORG') as StoredItem<OrganizationRecord> | undefined;
  const membership = items.find((item) => item.sk !== 'ORG') as StoredItem<MembershipRecord> | undefined;
  if (!org || !membership) throw AppError.notFound('organization', orgId);
  return { org, membership, role: membership.data.role };
}

export function requirePermission(role: OrgRole, permission: Permission): void {
  if (!can(role, permission)) throw AppError.forbidden(permission);
}
