import type { Principal } from '../shared/actor.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requirePageLimit } from './identity-input.ts';
import { memberPrefix, orgPartition, userKey } from './keys.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import type { MembershipRecord, UserRecord } from './records.ts';
import { type MemberView, toMemberView } from './views.ts';

export interface ListMembersInput {
  organizationId: string;
  cursor?: string;
  limit?: number;
}

export async function listMembers(
  deps: IdentityDeps,
  principal: Principal,
  input: ListMembersInput,
): Promise<{ items: MemberView[]; nextCursor: string | null }> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'member:read');
  const page = await deps.store.query<MembershipRecord>({
    pk: orgPartition(access.org.data.id),
    sk: { beginsWith: memberPrefix },
    limit: requirePageLimit(input.limit),
    cursor: input.cursor,
  });
  const users = page.items.length
    ? await deps.store.getMany<UserRecord>(page.items.map((item) => userKey(item.data.userId)))
    : [];
  const byId = new Map(users.map((user) => [user.data.id, user.data]));
  return {
    items: page.items.map((item) => toMemberView(item.data, byId.get(item.data.userId))),
    nextCursor: page.nextCursor,
  };
}
