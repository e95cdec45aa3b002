/**
 * A member of an organisation by user id, for other modules that show who wrote something or check
 * that a mentioned user belongs to the organisation (community). No caller: the calling module has
 * already authorised its own request; this reveals only name and role inside that organisation.
 */
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { memberKey, userKey } from './keys.ts';
import type { MembershipRecord, UserRecord } from './records.ts';
import type { OrgRole } from './roles.ts';

export async function findMember(
  deps: IdentityDeps,
  organizationId: string,
  userId: string,
): Promise<{ name: string; role: OrgRole } | null> {
  if (!isId(organizationId, 'org') || !isId(userId, 'usr')) return null;
  const items = await deps.store.getMany<MembershipRecord | UserRecord>([
    memberKey(organizationId, userId),
    userKey(userId),
  ]);
  const membership = items.find((item) => item.sk !== 'PROFILE')?.data as MembershipRecord | undefined;
  const user = items.find((item) => item.sk === 'PROFILE')?.data as UserRecord | undefined;
  if (!membership || !user) return null;
  return { name: user.name, role: membership.role };
}
