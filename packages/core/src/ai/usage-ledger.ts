/**
 * The usage ledger: one entry per gateway call, including cache hits, refusals and failures, so the
 * dashboard and the provider's bill can be reconciled. Entries sort by time inside the organisation.
 */
import type { AiDeps } from './ai-deps.ts';
import { aiUsageKey } from './keys.ts';

export type UsageOutcome = 'success' | 'failure' | 'refused';

export type UsageEntry = {
  id: string;
  orgId: string;
  userId: string;
  model: string;
  agentId: string | null;
  runId: string | null;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** What a cache hit would have cost: counted as savings. */
  savedMicroUsd: number;
  latencyMs: number;
  cached: boolean;
  outcome: UsageOutcome;
  /** The AppError code of a refusal or failure. */
  errorCode: string | null;
  at: string;
};

export type NewUsageEntry = Omit<UsageEntry, 'id' | 'at'>;

export async function recordUsage(deps: AiDeps, entry: NewUsageEntry): Promise<UsageEntry> {
  const nowMs = deps.clock.nowMs();
  const at = new Date(nowMs).toISOString();
  const id = deps.ids.next('use');
  const full: UsageEntry = { ...entry, id, at };
  await deps.store.put({ ...aiUsageKey(entry.orgId, at, id), data: full });
  return full;
}
