import { can } from '../identity/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { AiDeps } from './ai-deps.ts';
import { effectiveLimits } from './ai-limits.ts';
import { monthField } from './call-charges.ts';
import { readLimitsRecord } from './get-limits.ts';
import { aiCounterKey, aiUsagePartition } from './keys.ts';
import { monthPeriod } from './periods.ts';
import type { UsageEntry } from './usage-ledger.ts';

export const usageGroupings = ['day', 'user', 'model', 'agent'] as const;
export type UsageGrouping = (typeof usageGroupings)[number];

export interface GetUsageInput {
  /** ISO date or date-time; inclusive. */
  from: string;
  /** ISO date or date-time; exclusive. A bare date means the start of that day (UTC). */
  to: string;
  groupBy: UsageGrouping;
}

export interface UsageTotals {
  requests: number;
  cachedRequests: number;
  failedRequests: number;
  refusedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** What cache hits would have cost. */
  savedMicroUsd: number;
}

export interface UsageGroup extends UsageTotals {
  /** The day (`yyyy-mm-dd`), user id, model id or agent id (`null` for calls outside any agent). */
  key: string | null;
}

export interface UsageReport {
  from: string;
  to: string;
  groupBy: UsageGrouping;
  totals: UsageTotals;
  groups: UsageGroup[];
  /** The current month's budget; `used` includes reservations of calls in flight. */
  budget: { month: string; limitMicroUsd: number | null; usedMicroUsd: number; remainingMicroUsd: number | null };
}

/** Longest range one report covers; the ledger is read entry by entry. */
export const maxUsageRangeMs = 366 * 86_400_000;

function parseInstant(field: string, value: unknown): number {
  const ms =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isNaN(ms)) throw AppError.invalidInput(`${field} must be an ISO date or date-time`, { field });
  return ms;
}

function emptyTotals(): UsageTotals {
  return {
    requests: 0,
    cachedRequests: 0,
    failedRequests: 0,
    refusedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costMicroUsd: 0,
    savedMicroUsd: 0,
  };
}

function add(totals: UsageTotals, entry: UsageEntry): void {
  totals.requests += 1;
  if (entry.cached) totals.cachedRequests += 1;
  if (entry.outcome === 'failure') totals.failedRequests += 1;
  if (entry.outcome === 'refused') totals.refusedRequests += 1;
  totals.inputTokens += entry.inputTokens;
  totals.outputTokens += entry.outputTokens;
  totals.costMicroUsd += entry.costMicroUsd;
  totals.savedMicroUsd += entry.savedMicroUsd;
}

function groupKey(entry: UsageEntry, groupBy: UsageGrouping): string | null {
  if (groupBy === 'day') return entry.at.slice(0, 10);
  if (groupBy === 'user') return entry.userId;
  if (groupBy === 'model') return entry.model;
  return entry.agentId;
}

/** Usage of the actor's organisation from the ledger, with the current month's budget state. */
export async function getUsage(deps: AiDeps, actor: Actor, input: GetUsageInput): Promise<UsageReport> {
  if (!can(actor.role, 'ai:usage_read')) throw AppError.forbidden('ai:usage_read');
  if (input === null || typeof input !== 'object') throw AppError.invalidInput('from, to and groupBy are required');
  const fromMs = parseInstant('from', input.from);
  const toMs = parseInstant('to', input.to);
  if (toMs <= fromMs) throw AppError.invalidInput('to must be after from', { field: 'to' });
  if (toMs - fromMs > maxUsageRangeMs)
    throw AppError.invalidInput('The range may cover at most 366 days', { field: 'to' });
  if (!usageGroupings.includes(input.groupBy)) {
    throw AppError.invalidInput(`groupBy must be one of ${usageGroupings.join(', ')}`, { field: 'groupBy' });
  }
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();

  const totals = emptyTotals();
  const groups = new Map<string | null, UsageGroup>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<UsageEntry>({
      pk: aiUsagePartition(actor.orgId),
      // Sort keys are `<ISO time>#<id>`; '#' sorts below every digit, so `to` itself is excluded.
      sk: { between: [from, to] },
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      if (item.data.at >= to) continue;
      add(totals, item.data);
      const key = groupKey(item.data, input.groupBy);
      let group = groups.get(key);
      if (!group) {
        group = { key, ...emptyTotals() };
        groups.set(key, group);
      }
      add(group, item.data);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const month = monthPeriod(deps.clock.nowMs());
  const limit = effectiveLimits(actor.plan, await readLimitsRecord(deps, actor.orgId)).monthlyBudgetMicroUsd;
  const counter = await deps.store.get(aiCounterKey(actor.orgId, { kind: 'org' }, 'M', month.label));
  const used = Number(counter?.data[monthField] ?? 0);
  return {
    from,
    to,
    groupBy: input.groupBy,
    totals,
    groups: [...groups.values()].sort((a, b) => String(a.key).localeCompare(String(b.key))),
    budget: {
      month: month.label,
      limitMicroUsd: limit,
      usedMicroUsd: used,
      remainingMicroUsd: limit === null ? null : Math.max(0, limit - used),
    },
  };
}
