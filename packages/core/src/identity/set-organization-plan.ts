import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId, requirePlan } from './identity-input.ts';
import { orgKey } from './keys.ts';
import type { OrganizationRecord } from './records.ts';
import { type OrganizationView, toOrganizationView } from './views.ts';

export interface SetOrganizationPlanInput {
  organizationId: string;
  plan: string;
}

/**
 * Platform admins set an organisation's plan (there is no self-service upgrade path yet). A downgrade
 * keeps existing members; only new ones are refused while the count is above the new limit.
 */
export async function setOrganizationPlan(
  deps: IdentityDeps,
  principal: Principal,
  input: SetOrganizationPlanInput,
): Promise<OrganizationView> {
  if (principal.platformRole !== 'platform_admin') {
    throw AppError.forbidden('platform:set_plan', 'Only platform admins can change an organisation plan');
  }
  const plan = requirePlan(input.plan);
  if (!isId(input.organizationId, 'org')) throw AppError.notFound('organization', String(input.organizationId));
  try {
    const updated = await deps.store.update<OrganizationRecord>(orgKey(input.organizationId), {
      set: { plan, updatedAt: isoAt(deps.clock.nowMs()) },
      condition: [{ kind: 'exists' }],
    });
    return toOrganizationView(updated.data);
  } catch (error) {
    if (error instanceof ConditionFailedError) throw AppError.notFound('organization', input.organizationId);
    throw error;
  }
}
