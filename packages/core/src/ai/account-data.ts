/**
 * The AI gateway's part in account export and deletion (identity's account extensions).
 *
 * Export: the user's calls from the usage ledger (model, tokens, cost, outcome, when), in every
 * organisation they belong to. Prompts and answers are not kept by the ledger, so they are not in it.
 *
 * Deletion: an organisation deleted with the account loses its ledger, cache, limits and counters through
 * identity's organisation purge (all of it lies under T#<orgId>). In organisations that keep existing, the user's own rate and budget counters go; the ledger stays, as the
 * organisation's record of what it spent, naming the user only by id; cached answers expire on their own.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import { deletePartition, readPartition } from '../shared/partition-items.ts';
import type { AiDeps } from './ai-deps.ts';
import { aiOrgPartition, aiUsagePartition, aiUserCounterPrefix } from './keys.ts';
import type { UsageEntry } from './usage-ledger.ts';

type Deps = Pick<AiDeps, 'store'>;

export async function exportAiAccount(deps: Deps, context: AccountExportContext) {
  const calls = [];
  for (const orgId of context.organizationIds) {
    for (const { data } of await readPartition<UsageEntry>(deps.store, { pk: aiUsagePartition(orgId) })) {
      if (data.userId !== context.userId) continue;
      const { id, model, agentId, runId, inputTokens, outputTokens, costMicroUsd, cached, outcome, errorCode, at } =
        data;
      calls.push({
        id,
        organizationId: orgId,
        model,
        agentId,
        runId,
        inputTokens,
        outputTokens,
        costMicroUsd,
        cached,
        outcome,
        errorCode,
        at,
      });
    }
  }
  return { calls };
}

export async function deleteAiAccount(deps: Deps, context: AccountDeletionContext): Promise<void> {
  for (const orgId of context.sharedOrganizationIds) {
    await deletePartition(deps.store, { pk: aiOrgPartition(orgId), prefix: aiUserCounterPrefix(context.userId) });
  }
}
