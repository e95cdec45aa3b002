/**
 * Moderation's part in account export and deletion (identity's account extensions).
 *
 * Export: the user's standing in each organisation (upheld flags against them, removals, warnings).
 *
 * Deletion: an organisation deleted with the account loses its word list, flags, cases and queue through
 * identity's organisation purge (all of it lies under T#<orgId>). In organisations that keep existing, what moderation kept about the user (standing, first review, daily
 * rates, content fingerprints) goes; queue items stay as the moderators' record of their decisions, and
 * the content they point to is anonymised or purged by community's own deletion hook.
 */
import type { AccountDeletionContext, AccountExportContext } from '../identity/account-extensions.ts';
import { deletePartition } from '../shared/partition-items.ts';
import { memberRecordPrefixes, modPartition } from './keys.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { getStanding } from './standing.ts';

export async function exportModerationAccount(deps: ModerationDeps, context: AccountExportContext) {
  const standing = [];
  for (const orgId of context.organizationIds) {
    standing.push({ organizationId: orgId, ...(await getStanding(deps, orgId, context.userId)) });
  }
  return { standing };
}

export async function deleteModerationAccount(
  deps: Pick<ModerationDeps, 'store'>,
  context: AccountDeletionContext,
): Promise<void> {
  for (const orgId of context.sharedOrganizationIds) {
    for (const prefix of memberRecordPrefixes(orgId, context.userId)) {
      await deletePartition(deps.store, { pk: modPartition(orgId), prefix });
    }
  }
}
