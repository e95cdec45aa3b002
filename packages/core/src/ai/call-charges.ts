/**
 * The counters one call reserves against: the organisation's month spend, day tokens and minute
 * requests/tokens, plus the same for the calling user when per-user limits are set.
 */
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { OrgLimits, UserLimits } from './ai-limits.ts';
import { aiCounterKey, type CounterScope } from './keys.ts';
import { dayPeriod, minutePeriod, monthPeriod, type Period } from './periods.ts';
import type { CounterCharge } from './reservation.ts';

export interface CallAmounts {
  requests: number;
  tokens: number;
  microUsd: number;
}

export const monthField = 'microUsd';

const daySeconds = 86_400;

function expiry(period: Period, keepSeconds: number): number {
  return Math.ceil(period.endMs / 1000) + keepSeconds;
}

function budgetRefusal(scope: CounterScope, period: Period) {
  return (field: string, limit: number, committed: number) =>
    new AppError(
      'budget_exceeded',
      field === monthField
        ? `The ${scope.kind === 'org' ? 'organisation' : 'personal'} monthly AI budget is used up until ${new Date(period.endMs).toISOString()}`
        : `The ${scope.kind === 'org' ? 'organisation' : 'personal'} daily token limit is used up until ${new Date(period.endMs).toISOString()}`,
      {
        details: {
          limit: field === monthField ? 'monthlyBudgetMicroUsd' : 'tokensPerDay',
          scope: scope.kind,
          allowed: limit,
          committed,
          resetsAt: new Date(period.endMs).toISOString(),
        },
      },
    );
}

function rateRefusal(scope: CounterScope, period: Period, nowMs: number) {
  return (field: string, limit: number) =>
    new AppError(
      'rate_limited',
      `Too many AI ${field === 'requests' ? 'requests' : 'tokens'} this minute (limit ${limit})`,
      {
        details: {
          retryAfterMs: Math.max(1, period.endMs - nowMs),
          limit: field === 'requests' ? 'requestsPerMinute' : 'tokensPerMinute',
          scope: scope.kind,
          allowed: limit,
        },
      },
    );
}

function chargesFor(
  orgId: string,
  scope: CounterScope,
  limits: {
    requestsPerMinute: number | null;
    tokensPerMinute: number | null;
    tokensPerDay: number | null;
    monthlyBudgetMicroUsd: number | null;
  },
  amounts: CallAmounts,
  nowMs: number,
): CounterCharge[] {
  const month = monthPeriod(nowMs);
  const day = dayPeriod(nowMs);
  const minute = minutePeriod(nowMs);
  return [
    {
      key: aiCounterKey(orgId, scope, 'M', month.label),
      amounts: { [monthField]: amounts.microUsd },
      limits: { [monthField]: limits.monthlyBudgetMicroUsd },
      expiresAt: expiry(month, 40 * daySeconds),
      refuse: budgetRefusal(scope, month),
    },
    {
      key: aiCounterKey(orgId, scope, 'D', day.label),
      amounts: { tokens: amounts.tokens },
      limits: { tokens: limits.tokensPerDay },
      expiresAt: expiry(day, 2 * daySeconds),
      refuse: budgetRefusal(scope, day),
    },
    {
      key: aiCounterKey(orgId, scope, 'MIN', minute.label),
      amounts: { requests: amounts.requests, tokens: amounts.tokens },
      limits: { requests: limits.requestsPerMinute, tokens: limits.tokensPerMinute },
      expiresAt: expiry(minute, 120),
      refuse: rateRefusal(scope, minute, nowMs),
    },
  ];
}

/**
 * Fields with nothing to reserve are left out, so a free call (a cache hit, the offline model) is never
 * refused by a budget that is already used up; only what it really consumes is checked.
 */
function withoutZeroAmounts(charges: CounterCharge[]): CounterCharge[] {
  const out: CounterCharge[] = [];
  for (const charge of charges) {
    const amounts = Object.fromEntries(Object.entries(charge.amounts).filter(([, amount]) => amount > 0));
    if (Object.keys(amounts).length > 0) out.push({ ...charge, amounts });
  }
  return out;
}

export function callCharges(
  actor: Actor,
  orgLimits: OrgLimits,
  userLimits: UserLimits,
  amounts: CallAmounts,
  nowMs: number,
): CounterCharge[] {
  const charges = chargesFor(actor.orgId, { kind: 'org' }, orgLimits, amounts, nowMs);
  const hasUserLimits = Object.values(userLimits).some((limit) => limit !== null);
  if (hasUserLimits) {
    charges.push(
      ...chargesFor(
        actor.orgId,
        { kind: 'user', userId: actor.userId },
        { ...userLimits, tokensPerMinute: null },
        amounts,
        nowMs,
      ),
    );
  }
  return withoutZeroAmounts(charges);
}

/** The actual amounts of a finished call for one of its charges (requests stay counted). */
export function actualAmounts(charge: CounterCharge, actual: CallAmounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const field of Object.keys(charge.amounts)) out[field] = actual[field as keyof CallAmounts];
  return out;
}
