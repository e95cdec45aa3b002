/**
 * Default run limits and per-organisation concurrency by plan. An agent (or a single execute call)
 * may lower a run's limits, never raise them above its plan's.
 */
import type { PlanId } from '../identity/plans.ts';
import { AppError } from '../shared/errors.ts';
import type { AgentLimits, RunLimits } from './records.ts';

const minute = 60_000;

export const runLimitsByPlan: Readonly<Record<PlanId, RunLimits>> = {
  free: { maxSteps: 50, maxDurationMs: 5 * minute, maxTokens: 20_000, maxCostMicroUsd: 200_000 },
  basic: { maxSteps: 100, maxDurationMs: 15 * minute, maxTokens: 100_000, maxCostMicroUsd: 1_000_000 },
  pro: { maxSteps: 500, maxDurationMs: 30 * minute, maxTokens: 500_000, maxCostMicroUsd: 10_000_000 },
  extreme: { maxSteps: 1_000, maxDurationMs: 60 * minute, maxTokens: 2_000_000, maxCostMicroUsd: 50_000_000 },
  enterprise: { maxSteps: 1_000, maxDurationMs: 60 * minute, maxTokens: null, maxCostMicroUsd: null },
};

export const concurrencyByPlan: Readonly<Record<PlanId, number>> = {
  free: 2,
  basic: 5,
  pro: 10,
  extreme: 25,
  enterprise: 50,
};

const limitNames = ['maxSteps', 'maxDurationMs', 'maxTokens', 'maxCostMicroUsd'] as const;

/** Checks limits given by a user (agent settings or an execute call): positive integers or absent. */
export function checkAgentLimits(value: unknown, field = 'limits'): AgentLimits {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw AppError.invalidInput(`${field} must be an object`, { field });
  const out: AgentLimits = {};
  for (const [name, raw] of Object.entries(value)) {
    if (!(limitNames as readonly string[]).includes(name)) {
      throw AppError.invalidInput(`${field}.${name} is not a run limit`, { field: `${field}.${name}` });
    }
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) {
      throw AppError.invalidInput(`${field}.${name} must be a positive integer`, { field: `${field}.${name}` });
    }
    out[name as (typeof limitNames)[number]] = raw;
  }
  return out;
}

/** The lowest of the plan's limits and each narrower setting. */
export function effectiveRunLimits(plan: RunLimits, ...narrower: AgentLimits[]): RunLimits {
  const result: RunLimits = { ...plan };
  for (const limits of narrower) {
    for (const name of limitNames) {
      const value = limits[name];
      if (value === undefined || value === null) continue;
      const current = result[name];
      result[name] = current === null ? value : Math.min(current, value);
    }
  }
  return result;
}
