/** The plan's member limit, as a message and as a write condition that enforces it atomically. */
import type { ConditionClause } from '../ports/item-store.ts';
import { AppError } from '../shared/errors.ts';
import { quotasByPlan } from './plans.ts';
import type { OrganizationRecord } from './records.ts';

export function memberLimitReached(org: OrganizationRecord): AppError {
  const limit = quotasByPlan[org.plan].maxMembers;
  return AppError.conflict(
    `The ${org.plan} plan allows at most ${limit} members; remove a member or upgrade the plan to add more`,
    { reason: 'member_limit', limit, plan: org.plan },
  );
}

/**
 * Conditions for adding one member to `org` as read: the plan is unchanged and the count is below its
 * limit at the moment of writing, so concurrent additions cannot exceed it.
 */
export function roomForMemberCondition(org: OrganizationRecord): ConditionClause[] {
  const limit = quotasByPlan[org.plan].maxMembers;
  return [
    { kind: 'exists' },
    { kind: 'compare', field: 'plan', op: '=', value: org.plan },
    ...(limit === null ? [] : [{ kind: 'compare' as const, field: 'memberCount', op: '<' as const, value: limit }]),
  ];
}

export function hasRoomForMember(org: OrganizationRecord): boolean {
  const limit = quotasByPlan[org.plan].maxMembers;
  return limit === null || org.memberCount < limit;
}
