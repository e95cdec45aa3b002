/**
 * Purging a deleted organisation: first what only modules know how to remove (registered
 * `OrganizationPurge`s: files in the blob store, pointers outside the tenant's partitions), then every
 * item whose partition is `T#<orgId>` or under it — one sweep of the tenant's partitions, so content no
 * module listed (a former member's reactions, an anonymised post that left every index) goes too.
 *
 * A workbench step already running when the organisation went may still write under it, so there is a
 * second sweep once the organisation has been gone for `organizationPurgeSettleMs`. Each deletion sends
 * the `identity.purge-organization` job (the first sweep); the periodic `identity.purge-organizations`
 * job makes the last sweep of each marked organisation, and the first of one whose job was lost.
 */
import type { TransactOperation } from '../ports/item-store.ts';
import type { OutgoingJob } from '../ports/write-and-send.ts';
import { AppError } from '../shared/errors.ts';
import { readPartition, sweepPartitions } from '../shared/partition-items.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import {
  formerMemberPrefix,
  invitationPrefix,
  invitationTokenKey,
  memberPrefix,
  organizationPurgeKey,
  organizationPurgesPartition,
  orgKey,
  orgPartition,
} from './keys.ts';
import type { FormerMemberRecord, InvitationRecord, MembershipRecord, OrganizationPurgeRecord } from './records.ts';

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
  // Members and former members alike: either may have enrolled elsewhere while acting in the organisation.
  const people = await Promise.all(
    [memberPrefix, formerMemberPrefix].map((prefix) =>
      readPartition<MembershipRecord | FormerMemberRecord>(deps.store, { pk: root, prefix }),
    ),
  );
  const memberUserIds = [...new Set(people.flat().map((item) => item.data.userId))];
  for (const purge of deps.extensions.organizationPurges().values()) await purge({ organizationId, memberUserIds });
  return sweepPartitions(deps.store, root);
}

/**
 * One sweep of a marked organisation. A sweep that starts after the settle time is the last: the marker
 * goes. An earlier one records when it ran, so the periodic job leaves the organisation alone until then.
 */
async function continuePurge(deps: IdentityDeps, marker: OrganizationPurgeRecord): Promise<void> {
  const startedAtMs = deps.clock.nowMs();
  await purgeOrganization(deps, marker.organizationId);
  const key = organizationPurgeKey(marker.organizationId);
  if (startedAtMs >= settledAtMs(deps, marker)) await deps.store.delete(key);
  else await deps.store.update(key, { set: { lastSweptAtMs: startedAtMs }, condition: [{ kind: 'exists' }] });
}

const settledAtMs = (deps: IdentityDeps, marker: OrganizationPurgeRecord) =>
  marker.requestedAtMs + deps.settings.organizationPurgeSettleMs;

export async function purgeOrganizationJob(deps: IdentityDeps, payload: unknown): Promise<void> {
  const organizationId = (payload as { organizationId?: unknown } | null)?.organizationId;
  if (!isId(organizationId, 'org')) {
    throw AppError.invalidInput(`${organizationPurgeJobTypes.purge} needs organizationId`);
  }
  const marker = await deps.store.get<OrganizationPurgeRecord>(organizationPurgeKey(organizationId));
  // No marker: the purge has finished (a redelivery), or the organisation was never deleted.
  if (marker) await continuePurge(deps, marker.data);
}

/**
 * The periodic catch-up: sweeps each marked organisation that no sweep has reached yet (its job was
 * lost) or whose settle time has passed (the last sweep), so an organisation costs two sweeps in all.
 * Tries them all, then throws the first failure (the job is retried). Returns how many it swept.
 */
export async function purgePendingOrganizations(deps: IdentityDeps): Promise<number> {
  const markers = await readPartition<OrganizationPurgeRecord>(deps.store, { pk: organizationPurgesPartition });
  const nowMs = deps.clock.nowMs();
  const due = markers.filter(({ data }) => data.lastSweptAtMs === undefined || nowMs >= settledAtMs(deps, data));
  let firstError: unknown;
  for (const marker of due) {
    try {
      await continuePurge(deps, marker.data);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return due.length;
}
