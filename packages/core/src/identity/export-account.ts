import type { Principal } from '../shared/actor.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { auditActorPartition, userKey } from './keys.ts';
import { listFormerOrganizationIds, listUserMemberships } from './memberships.ts';
import { type AuditEntry, toAuditEntry } from './record-audit.ts';
import type { AuditRecord, UserRecord } from './records.ts';
import type { OrgRole } from './roles.ts';
import { toUserView, type UserView } from './views.ts';

export interface AccountExport {
  exportedAt: string;
  user: UserView;
  memberships: { organizationId: string; organizationName: string; role: OrgRole; joinedAt: string }[];
  /** Every audit entry the user is the actor of, in any organisation (including ones they left). */
  auditEntries: AuditEntry[];
  /** One key per registered exporter (education, community…). */
  [module: string]: unknown;
}

/** Everything the user owns or wrote, as one JSON document; other modules add their part through exporters. */
export async function exportAccount(deps: IdentityDeps, principal: Principal): Promise<AccountExport> {
  const user = await deps.store.get<UserRecord>(userKey(principal.userId));
  if (!user) throw AppError.unauthenticated('This account no longer exists');
  const memberships = await listUserMemberships(deps, principal.userId);
  const auditEntries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<AuditRecord>({
      index: 'gsi1',
      pk: auditActorPartition(principal.userId),
      limit: 1000,
      cursor,
    });
    auditEntries.push(...page.items.map((item) => toAuditEntry(item.data)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  auditEntries.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));

  const document: AccountExport = {
    exportedAt: isoAt(deps.clock.nowMs()),
    user: toUserView(user.data),
    memberships: memberships.map(({ membership, organization }) => ({
      organizationId: organization.id,
      organizationName: organization.name,
      role: membership.role,
      joinedAt: membership.joinedAt,
    })),
    auditEntries,
  };
  // What the user wrote in organisations they have left is still theirs to download.
  const former = await listFormerOrganizationIds(deps, principal.userId);
  const context = {
    userId: principal.userId,
    organizationIds: [...memberships.map((m) => m.organization.id), ...former],
  };
  for (const [name, exporter] of deps.extensions.exporters()) {
    document[name] = await exporter(context);
  }
  return document;
}
