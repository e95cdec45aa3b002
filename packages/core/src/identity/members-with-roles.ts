/**
 * The user ids of an organisation's members holding some roles, for system messages that have no
 * calling user (budget alerts go to owners and admins, held content to moderators). Not exposed over
 * HTTP: callers are other modules acting for the platform.
 */
import type { IdentityDeps } from './identity-deps.ts';
import { memberPrefix, orgPartition } from './keys.ts';
import type { MembershipRecord } from './records.ts';
import type { OrgRole } from './roles.ts';

export async function membersWithRoles(
  deps: IdentityDeps,
  organizationId: string,
  roles: readonly OrgRole[],
): Promise<string[]> {
  const wanted = new Set<OrgRole>(roles);
  const userIds: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<MembershipRecord>({
      pk: orgPartition(organizationId),
      sk: { beginsWith: memberPrefix },
      limit: 500,
      cursor,
    });
    for (const item of page.items) if (wanted.has(item.data.role)) userIds.push(item.data.userId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return userIds;
}
