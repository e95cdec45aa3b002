/**
 * An owner deletes an organisation with everything in it: every member loses it at once, and its
 * content (posts, modules, agents and runs, AI usage, files, notifications, the audit log) is purged
 * in the background by purge-organization.ts.
 *
 * One transaction removes the organisation record — every read of an organisation checks that record,
 * so from then on it no longer exists for anyone — and writes the purge marker outside the tenant's
 * partitions; the purge job goes with it (`commitOrganizationDeletion`). The personal organisation is refused: it
 * goes with the account.
 */
import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { orgKey, userKey } from './keys.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import { requireCurrentPassword } from './password-check.ts';
import { commitOrganizationDeletion } from './purge-organization.ts';
import type { OrganizationPurgeRecord, UserRecord } from './records.ts';

export interface DeleteOrganizationInput {
  organizationId: string;
  /** The organisation's name, typed by the owner to confirm. */
  name: string;
  /** Required for accounts with a password; external-provider accounts have none. */
  password?: string;
}

export interface DeleteOrganizationResult {
  organizationId: string;
  name: string;
  /** Members (the owner included) who lost the organisation. */
  memberCount: number;
  requestedAt: string;
}

export async function deleteOrganization(
  deps: IdentityDeps,
  principal: Principal,
  input: DeleteOrganizationInput,
): Promise<DeleteOrganizationResult> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'org:delete');
  const org = access.org.data;
  if (org.personal) {
    throw AppError.conflict('Your personal organisation is deleted with your account, not on its own', {
      reason: 'personal_organization',
    });
  }
  if (input.name !== org.name) {
    throw AppError.invalidInput(`Type the organisation's name, ${org.name}, to confirm`, { field: 'name' });
  }
  const user = (await deps.store.get<UserRecord>(userKey(principal.userId)))?.data;
  if (!user) throw AppError.unauthenticated('This account no longer exists');
  if (user.passwordHash) await requireCurrentPassword(deps, user, input.password, 'password');

  const nowMs = deps.clock.nowMs();
  const marker: OrganizationPurgeRecord = {
    organizationId: org.id,
    name: org.name,
    memberCount: org.memberCount,
    requestedBy: principal.userId,
    requestedAt: isoAt(nowMs),
    requestedAtMs: nowMs,
  };
  try {
    await commitOrganizationDeletion(
      deps,
      // Renamed, or members changed, since we read it: the owner confirmed something else.
      [{ kind: 'delete', key: orgKey(org.id), condition: [{ kind: 'versionEquals', version: access.org.version }] }],
      marker,
    );
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      throw AppError.conflict(`${org.name} changed while you were deleting it; look again and retry`);
    }
    throw error;
  }
  return { organizationId: org.id, name: org.name, memberCount: org.memberCount, requestedAt: marker.requestedAt };
}
