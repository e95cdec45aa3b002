import type { ItemKey } from '../ports/item-store.ts';
import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import { deletePartition, type PartitionQuery } from '../shared/partition-items.ts';
import type { IdentityDeps } from './identity-deps.ts';
import {
  emailKey,
  externalSubjectKey,
  formerMemberIndexPrefix,
  memberKey,
  orgKey,
  refreshFamilyPrefix,
  refreshTokenIndexPrefix,
  userKey,
  userPartition,
} from './keys.ts';
import { runMembershipTransaction, updateOrgCounts } from './membership-writes.ts';
import { listFormerOrganizationIds, listUserMemberships, type UserMembership } from './memberships.ts';
import { requireCurrentPassword } from './password-check.ts';
import { commitOrganizationDeletion } from './purge-organization.ts';
import type { UserRecord } from './records.ts';

export interface DeleteAccountInput {
  /** Required for accounts with a password; external-provider accounts have none. */
  password?: string;
}

export interface DeleteAccountResult {
  /** Organisations that keep existing (left now, or earlier); the user's content there now belongs to "deleted user". */
  leftOrganizationIds: string[];
  /** Organisations the user was the only member of, deleted with the account. */
  deletedOrganizationIds: string[];
}

const deleteAll = (deps: IdentityDeps, query: PartitionQuery) => deletePartition(deps.store, query);

function blockingOrganizations(memberships: UserMembership[]): UserMembership[] {
  return memberships.filter(
    ({ membership, organization }) =>
      membership.role === 'owner' && organization.ownerCount <= 1 && organization.memberCount > 1,
  );
}

/**
 * Deletes the account: leaves shared organisations (content there becomes "deleted user" through the
 * deletion hooks), deletes organisations nobody else belongs to, and removes the e-mail claim, the
 * password, every session and the user record. Audit entries stay; they hold only the user id.
 * Refuses while the user is the only owner of an organisation that has other members.
 */
export async function deleteAccount(
  deps: IdentityDeps,
  principal: Principal,
  input: DeleteAccountInput,
): Promise<DeleteAccountResult> {
  const userItem = await deps.store.get<UserRecord>(userKey(principal.userId));
  if (!userItem) throw AppError.unauthenticated('This account no longer exists');
  const user = userItem.data;
  if (user.passwordHash) await requireCurrentPassword(deps, user, input.password, 'password');

  const memberships = await listUserMemberships(deps, user.id);
  const blocking = blockingOrganizations(memberships);
  if (blocking.length > 0) {
    const names = blocking.map((m) => m.organization.name).join(', ');
    throw AppError.conflict(
      `You are the only owner of ${names}, which has other members; make another member owner, or delete the organisation, before deleting your account`,
      { reason: 'sole_owner', organizationIds: blocking.map((m) => m.organization.id) },
    );
  }

  // Remembered before anything is left: if this run dies after leaving the organisations (or a hook
  // fails), the retry — the user record, and so the password, still exists — no longer finds those
  // memberships, but still tells the deletion hooks about them (hooks are idempotent).
  const current = new Set(memberships.map((m) => m.organization.id));
  // Organisations the user left before: what they wrote there is anonymised like in those they leave now.
  const former = await listFormerOrganizationIds(deps, user.id);
  const earlier = {
    shared: (user.pendingDeletion?.sharedOrganizationIds ?? []).filter(
      (id) => !current.has(id) && !former.includes(id),
    ),
    deleted: (user.pendingDeletion?.deletedOrganizationIds ?? []).filter((id) => !current.has(id)),
  };
  const planned = (shared: boolean) =>
    memberships.filter((m) => m.organization.memberCount > 1 === shared).map((m) => m.organization.id);
  await deps.store.update<UserRecord>(userKey(user.id), {
    set: {
      pendingDeletion: {
        sharedOrganizationIds: [...earlier.shared, ...former, ...planned(true)],
        deletedOrganizationIds: [...earlier.deleted, ...planned(false)],
      },
    },
    condition: [{ kind: 'exists' }],
  });

  const left: string[] = [...earlier.shared, ...former];
  const deleted: string[] = [...earlier.deleted];
  for (const { membership, organization } of memberships) {
    const orgId = organization.id;
    if (organization.memberCount > 1) {
      await runMembershipTransaction(deps, [
        {
          kind: 'delete',
          key: memberKey(orgId, user.id),
          condition: [{ kind: 'compare', field: 'role', op: '=', value: membership.role }],
        },
        updateOrgCounts(deps, orgId, { members: -1, ...(membership.role === 'owner' ? { owners: -1 } : {}) }),
      ]);
      left.push(orgId);
      continue;
    }
    // Alone in it: delete the organisation (purged like any deleted one), unless someone joined since we looked.
    const nowMs = deps.clock.nowMs();
    try {
      await commitOrganizationDeletion(
        deps,
        [
          { kind: 'delete', key: memberKey(orgId, user.id), condition: [{ kind: 'exists' }] },
          {
            kind: 'delete',
            key: orgKey(orgId),
            condition: [{ kind: 'compare', field: 'memberCount', op: '=', value: 1 }],
          },
        ],
        {
          organizationId: orgId,
          name: organization.name,
          memberCount: 1,
          requestedBy: user.id,
          requestedAt: isoAt(nowMs),
          requestedAtMs: nowMs,
        },
      );
    } catch (error) {
      if (error instanceof ConditionFailedError) {
        throw AppError.conflict(`${organization.name} changed while deleting your account; try again`);
      }
      throw error;
    }
    deleted.push(orgId);
  }

  for (const hook of deps.extensions.deletionHooks().values()) {
    await hook({ userId: user.id, sharedOrganizationIds: left, deletedOrganizationIds: deleted });
  }

  await deleteAll(deps, { pk: userPartition(user.id), index: 'gsi1', prefix: formerMemberIndexPrefix });
  await deleteAll(deps, { pk: userPartition(user.id), index: 'gsi1', prefix: refreshTokenIndexPrefix });
  await deleteAll(deps, { pk: userPartition(user.id), prefix: refreshFamilyPrefix });
  const personal: ItemKey[] = [];
  if (user.emailNormalised) {
    const claim = await deps.store.get<{ userId: string }>(emailKey(user.emailNormalised));
    if (claim?.data.userId === user.id) personal.push(emailKey(user.emailNormalised));
  }
  if (user.provider && user.externalSubject) personal.push(externalSubjectKey(user.provider, user.externalSubject));
  for (const key of personal) await deps.store.delete(key);
  // Last: while the user record exists the deletion can be retried with the same password.
  await deps.store.delete(userKey(user.id));
  return { leftOrganizationIds: left, deletedOrganizationIds: deleted };
}
