/**
 * A platform admin acting on an organisation they do not belong to (platform administration routes
 * such as raising AI ceilings). The actor carries the organisation's real plan and the lowest role,
 * `member`, so anything that checks organisation permissions still refuses; only use cases that
 * check `platformRole` let it through.
 */
import type { Actor, Principal } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { orgKey } from './keys.ts';
import type { OrganizationRecord } from './records.ts';

export async function actAsPlatformAdmin(
  deps: IdentityDeps,
  principal: Principal,
  organizationId: string,
  permission: string,
): Promise<Actor> {
  if (principal.platformRole !== 'platform_admin') {
    throw AppError.forbidden(permission, 'Only platform admins can do this');
  }
  if (!isId(organizationId, 'org')) throw AppError.notFound('organization', String(organizationId));
  const org = await deps.store.get<OrganizationRecord>(orgKey(organizationId));
  if (!org) throw AppError.notFound('organization', organizationId);
  return {
    userId: principal.userId,
    platformRole: 'platform_admin',
    orgId: org.data.id,
    role: 'member',
    plan: org.data.plan,
  };
}
