/**
 * Purging a deleted organisation: first what only modules know how to remove (registered
 * `OrganizationPurge`s: files in the blob store, pointers outside the tenant's partitions), then every
 * item whose partition is `T#<orgId>` or under it — one sweep of the tenant's partitions, so content no
 * module listed (a former member's reactions, an anonymised post that left every index) goes too.
 *
 * The sweep repeats until the organisation has been gone for `organizationPurgeSettleMs`: a workbench
 * step already running when the organisation went may still write under it. Each deletion sends the
 * `identity.purge-organization` job; the periodic `identity.purge-organizations` job sweeps every
 * organisation whose purge marker is still there, which also recovers a purge job that was lost.
 */
import type { TransactOperation } from '../ports/item-store.ts';
import type { OutgoingJob } from '../ports/write-and-send.ts';
import { AppError } from '../shared/errors.ts';
import { readPartition, sweepPartitions } from '../shared/partition-items.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import {
  invitationPrefix,
  invitationTokenKey,
  memberPrefix,
  organizationPurgeKey,
  organizationPurgesPartition,
  orgKey,
  orgPartition,
} from './keys.ts';
import type { InvitationRecord, MembershipRecord, OrganizationPurgeRecord } from './records.ts';

export const organizationPurgeJobTypes = {
  /** One organisation, sent with its deletion. */
  purge: 'identity.purge-organization',
  /** Every organisation still being purged (periodic). */
  catchUp: 'identity.purge-organizations',
} as const;

function organizationPurgeJob(organizationId: string): OutgoingJob {
  return {
    job: { type: organizationPurgeJobTypes.purge, payload: { organizationId } },
    options: { dedupeKey: `org-purge:${organizationId}` },
  };
}

/**
 * Commits `operations` (which delete the organisation record) with the purge marker, and sends the
 * purge job with them; without a queue (tests of the module alone) purges inline after the commit.
 */
export async function commitOrganizationDeletion(
  deps: IdentityDeps,
  operations: TransactOperation[],
  marker: OrganizationPurgeRecord,
): Promise<void> {
  const all: TransactOperation[] = [
    ...operations,
    { kind: 'put', item: { ...organizationPurgeKey(marker.organizationId), data: marker } },
  ];
  if (deps.writeAndSend) {
    await deps.writeAndSend(all, [organizationPurgeJob(marker.organizationId)]);
    return;
  }
  await deps.store.transact(all);
  await purgeOrganization(deps, marker.organizationId);
}

/**
 * Removes everything of an organisation whose record is already gone; returns how many items the
 * sweep deleted. Idempotent. Refuses an organisation that still exists.
 */
export async function purgeOrganization(deps: IdentityDeps, organizationId: string): Promise<number> {
  if (await deps.store.get(orgKey(organizationId))) {
    throw new AppError('internal', `Refusing to purge ${organizationId}: the organisation still exists`);
  }
  const root = orgPartition(organizationId);
  const invitations = await readPartition<InvitationRecord>(deps.store, { pk: root, prefix: invitationPrefix });
  // The tokens are global items named only by the invitations the sweep is about to remove.
  for (const invitation of invitations) await deps.store.delete(invitationTokenKey(invitation.data.tokenHash));
  const members = await readPartition<MembershipRecord>(deps.store, { pk: root, prefix: memberPrefix });
  const memberUserIds = members.map((member) => member.data.userId);
  for (const purge of deps.extensions.organizationPurges().values()) await purge({ organizationId, memberUserIds });
  return sweepPartitions(deps.store, root);
}

/** One sweep of a marked organisation; the marker goes once a sweep starts after the settle time. */
async function continuePurge(deps: IdentityDeps, marker: OrganizationPurgeRecord): Promise<void> {
  const startedAtMs = deps.clock.nowMs();
  await purgeOrganization(deps, marker.organizationId);
  if (startedAtMs >= marker.requestedAtMs + deps.settings.organizationPurgeSettleMs) {
    await deps.store.delete(organizationPurgeKey(marker.organizationId));
  }
}

export async function purgeOrganizationJob(deps: IdentityDeps, payload: unknown): Promise<void> {
  const organizationId = (payload as { organizationId?: unknown } | null)?.organizationId;
  if (!isId(organizationId, 'org')) {
    throw AppError.invalidInput(`${organizationPurgeJobTypes.purge} needs organizationId`);
  }
  const marker = await deps.store.get<OrganizationPurgeRecord>(organizationPurgeKey(organizationId));
  // No marker: the purge has finished (a redelivery), or the organisation was never deleted.
  if (marker) await continuePurge(deps, marker.data);
}

/** Sweeps every organisation still marked; tries them all, then throws the first failure (the job is retried). */
export async function purgePendingOrganizations(deps: IdentityDeps): Promise<number> {
  const markers = await readPartition<OrganizationPurgeRecord>(deps.store, { pk: organizationPurgesPartition });
  let firstError: unknown;
  for (const marker of markers) {
    try {
      await continuePurge(deps, marker.data);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return markers.length;
}
