/**
 * Transaction pieces for changing memberships. The owner count on the organisation record is only
 * ever changed together with the membership that causes it, and a decrement carries the condition
 * `ownerCount > 1`: of two concurrent demotions of the last two owners, exactly one commits.
 */
import type { ItemKey, TransactOperation } from '../ports/item-store.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { formerMemberIndex, formerMemberKey, memberKey, orgKey } from './keys.ts';
import type { FormerMemberRecord } from './records.ts';
import type { OrgRole } from './roles.ts';

export const lastOwnerError = () =>
  AppError.conflict('An organisation must keep at least one owner; make another member owner first', {
    reason: 'last_owner',
  });

export const membershipChangedError = () =>
  AppError.conflict('The membership changed meanwhile; reload and try again', { reason: 'membership_changed' });

/** Holds only if the member still has exactly the role the decision was based on. */
export function memberHasRole(orgId: string, userId: string, role: OrgRole): TransactOperation {
  return {
    kind: 'conditionCheck',
    key: memberKey(orgId, userId),
    condition: [{ kind: 'compare', field: 'role', op: '=', value: role }],
  };
}

export function updateOrgCounts(
  deps: IdentityDeps,
  orgId: string,
  change: { members?: number; owners?: number },
): TransactOperation {
  const add: Record<string, number> = {};
  if (change.members) add.memberCount = change.members;
  if (change.owners) add.ownerCount = change.owners;
  return {
    kind: 'update',
    key: orgKey(orgId),
    changes: {
      add,
      set: { updatedAt: isoAt(deps.clock.nowMs()) },
      condition: [
        { kind: 'exists' },
        ...(change.owners !== undefined && change.owners < 0
          ? [{ kind: 'compare' as const, field: 'ownerCount', op: '>' as const, value: -change.owners }]
          : []),
      ],
    },
  };
}

/**
 * Deletes a membership (condition: still `role`) and remembers the member as a former one, so deleting
 * their account later still anonymises what they wrote in the organisation.
 */
export function endMembership(deps: IdentityDeps, orgId: string, userId: string, role: OrgRole): TransactOperation[] {
  const former: FormerMemberRecord = { orgId, userId, role, leftAt: isoAt(deps.clock.nowMs()) };
  return [
    {
      kind: 'delete',
      key: memberKey(orgId, userId),
      condition: [{ kind: 'compare', field: 'role', op: '=', value: role }],
    },
    { kind: 'put', item: { ...formerMemberKey(orgId, userId), ...formerMemberIndex(orgId, userId), data: former } },
  ];
}

/** Runs a membership transaction; a failed owner-count condition is "last owner", any other is a lost race. */
export async function runMembershipTransaction(deps: IdentityDeps, operations: TransactOperation[]): Promise<void> {
  try {
    await deps.store.transact(operations);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const failed = error.index === undefined ? undefined : operations[error.index];
    if (failed && isOwnerDecrement(failed)) {
      // The count may have failed because the organisation is gone; both read as a conflict to the caller.
      throw lastOwnerError();
    }
    throw membershipChangedError();
  }
}

function isOwnerDecrement(operation: TransactOperation): boolean {
  if (operation.kind !== 'update' || !isOrgKey(operation.key)) return false;
  const owners = operation.changes.add?.ownerCount;
  return typeof owners === 'number' && owners < 0;
}

function isOrgKey(key: ItemKey): boolean {
  return key.sk === 'ORG';
}
