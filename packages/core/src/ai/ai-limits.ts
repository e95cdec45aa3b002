/**
 * Cost-control limits of an organisation. Defaults come from its plan; a platform admin may set
 * `ceilings` that replace plan defaults (raise or lower); an organisation admin may set `overrides`
 * that only lower below the ceiling. The effective limit is min(override, ceiling ?? plan default),
 * computed at read time, so a later plan downgrade also lowers an old organisation override.
 * `null` means unlimited. Per-user limits cap each member inside the organisation.
 */
import { type PlanId, quotasByPlan } from '../identity/plans.ts';

export const orgLimitNames = [
  'requestsPerMinute',
  'tokensPerMinute',
  'maxTokensPerRequest',
  'tokensPerDay',
  'monthlyBudgetMicroUsd',
] as const;
export type OrgLimitName = (typeof orgLimitNames)[number];
export type OrgLimits = Record<OrgLimitName, number | null>;

export const userLimitNames = ['requestsPerMinute', 'tokensPerDay', 'monthlyBudgetMicroUsd'] as const;
export type UserLimitName = (typeof userLimitNames)[number];
export type UserLimits = Record<UserLimitName, number | null>;

/** The stored item (`aiLimitsKey`). Each map holds only the fields that were set. */
export interface AiLimitsRecord extends Record<string, unknown> {
  orgId: string;
  overrides: Partial<Record<OrgLimitName, number>>;
  ceilings: Partial<Record<OrgLimitName, number>>;
  perUser: Partial<Record<UserLimitName, number>>;
  alertWebhookUrl: string | null;
  updatedAt: string;
  updatedBy: string;
}

/** AI limits the plans table does not carry (tokens per minute, max tokens per request). */
const gatewayPlanLimits: Readonly<Record<PlanId, { tokensPerMinute: number | null; maxTokensPerRequest: number }>> = {
  free: { tokensPerMinute: 10_000, maxTokensPerRequest: 4_096 },
  basic: { tokensPerMinute: 40_000, maxTokensPerRequest: 8_192 },
  pro: { tokensPerMinute: 200_000, maxTokensPerRequest: 32_768 },
  extreme: { tokensPerMinute: 1_000_000, maxTokensPerRequest: 131_072 },
  enterprise: { tokensPerMinute: null, maxTokensPerRequest: 200_000 },
};

export function planLimits(plan: PlanId): OrgLimits {
  const quotas = quotasByPlan[plan];
  return {
    requestsPerMinute: quotas.requestsPerMinute,
    tokensPerMinute: gatewayPlanLimits[plan].tokensPerMinute,
    maxTokensPerRequest: gatewayPlanLimits[plan].maxTokensPerRequest,
    tokensPerDay: quotas.llmTokensPerDay,
    monthlyBudgetMicroUsd: quotas.monthlyBudgetMicroUsd,
  };
}

/** The most an organisation admin may set: the platform ceiling, else the plan default. */
export function adminMaximum(plan: PlanId, record: AiLimitsRecord | undefined): OrgLimits {
  const defaults = planLimits(plan);
  const out = { ...defaults };
  for (const name of orgLimitNames) out[name] = record?.ceilings[name] ?? defaults[name];
  return out;
}

export function minLimit(a: number | null, b: number | null | undefined): number | null {
  if (b === undefined || b === null) return a;
  if (a === null) return b;
  return Math.min(a, b);
}

export function effectiveLimits(plan: PlanId, record: AiLimitsRecord | undefined): OrgLimits {
  const maximum = adminMaximum(plan, record);
  const out = { ...maximum };
  for (const name of orgLimitNames) out[name] = minLimit(maximum[name], record?.overrides[name]);
  return out;
}

export function effectiveUserLimits(record: AiLimitsRecord | undefined): UserLimits {
  return {
    requestsPerMinute: record?.perUser.requestsPerMinute ?? null,
    tokensPerDay: record?.perUser.tokensPerDay ?? null,
    monthlyBudgetMicroUsd: record?.perUser.monthlyBudgetMicroUsd ?? null,
  };
}
