/**
 * The usage ledger: one entry per gateway call, including cache hits, refusals and failures, so the
 * dashboard and the provider's bill can be reconciled. Entries sort by time inside the organisation.
 */
import type { TransactOperation } from '../ports/item-store.ts';
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
  /**
   * The HTTP request that made the call; null when it did not come over HTTP (the workbench engine).
   * Entries written before it was recorded lack the field.
   */
  requestId: string | null;
  at: string;
};

export type NewUsageEntry = Omit<UsageEntry, 'id' | 'at'>;

/** The ledger entry of a call and the write that stores it (for a caller's transaction). */
export function usageEntryWrite(
  deps: AiDeps,
  entry: NewUsageEntry,
): { entry: UsageEntry; write: Extract<TransactOperation, { kind: 'put' }> } {
  const at = new Date(deps.clock.nowMs()).toISOString();
  const full: UsageEntry = { ...entry, id: deps.ids.next('use'), at };
  return { entry: full, write: { kind: 'put', item: { ...aiUsageKey(entry.orgId, at, full.id), data: full } } };
}

export async function recordUsage(deps: AiDeps, entry: NewUsageEntry): Promise<UsageEntry> {
  const { entry: full, write } = usageEntryWrite(deps, entry);
  await deps.store.put(write.item);
  return full;
}
