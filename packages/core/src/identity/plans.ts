/**
 * Plans and their quotas: the one file that maps a plan to what an organisation may use.
 * Tier names are the existing product's (diatonic-existing.md §5.3). `null` means unlimited.
 * Deviation from the old front end: `free` allows 5 members (it allowed 1), because every
 * organisation starts on `free` and inviting a colleague is part of trying the product.
 */

export const planIds = ['free', 'basic', 'pro', 'extreme', 'enterprise'] as const;
export type PlanId = (typeof planIds)[number];

/** Model size classes; the AI gateway's catalog gives each model one. */
export type ModelTier = 'small' | 'medium' | 'large';

export interface PlanQuotas {
  maxMembers: number | null;
  maxAgents: number | null;
  runsPerMonth: number | null;
  llmTokensPerDay: number | null;
  storageBytes: number | null;
  /** Monthly AI budget in micro-USD (1 USD = 1 000 000). */
  monthlyBudgetMicroUsd: number | null;
  requestsPerMinute: number;
  allowedModelTiers: readonly ModelTier[];
}

const gib = 1024 ** 3;

export const quotasByPlan: Readonly<Record<PlanId, PlanQuotas>> = {
  free: {
    maxMembers: 5,
    maxAgents: 3,
    runsPerMonth: 100,
    llmTokensPerDay: 20_000,
    storageBytes: 1 * gib,
    monthlyBudgetMicroUsd: 1_000_000,
    requestsPerMinute: 20,
    allowedModelTiers: ['small'],
  },
  basic: {
    maxMembers: 5,
    maxAgents: 25,
    runsPerMonth: 2_000,
    llmTokensPerDay: 200_000,
    storageBytes: 10 * gib,
    monthlyBudgetMicroUsd: 10_000_000,
    requestsPerMinute: 60,
    allowedModelTiers: ['small'],
  },
  pro: {
    maxMembers: 25,
    maxAgents: 100,
    runsPerMonth: 20_000,
    llmTokensPerDay: 2_000_000,
    storageBytes: 100 * gib,
    monthlyBudgetMicroUsd: 100_000_000,
    requestsPerMinute: 300,
    allowedModelTiers: ['small', 'medium'],
  },
  extreme: {
    maxMembers: 100,
    maxAgents: 500,
    runsPerMonth: 200_000,
    llmTokensPerDay: 20_000_000,
    storageBytes: 500 * gib,
    monthlyBudgetMicroUsd: 500_000_000,
    requestsPerMinute: 1_000,
    allowedModelTiers: ['small', 'medium', 'large'],
  },
  enterprise: {
    maxMembers: null,
    maxAgents: null,
    runsPerMonth: null,
    llmTokensPerDay: null,
    storageBytes: null,
    monthlyBudgetMicroUsd: null,
    requestsPerMinute: 5_000,
    allowedModelTiers: ['small', 'medium', 'large'],
  },
};

export function isWithinQuota(limit: number | null, used: number, adding = 1): boolean {
  return limit === null || used + adding <= limit;
}
