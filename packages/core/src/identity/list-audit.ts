import type { QueryInput } from '../ports/item-store.ts';
import type { Principal } from '../shared/actor.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { requirePageLimit } from './identity-input.ts';
import { auditActionPartition, auditActorOrgPrefix, auditActorPartition, auditPartition, auditPrefix } from './keys.ts';
import { requireOrgAccess, requirePermission } from './memberships.ts';
import { type AuditEntry, toAuditEntry } from './record-audit.ts';
import type { AuditRecord } from './records.ts';

export interface ListAuditInput {
  organizationId: string;
  actorId?: string;
  action?: string;
  cursor?: string;
  limit?: number;
}

/**
 * An organisation's audit entries, newest first, for owners and admins. Filtering by actor or by action
 * uses an index; with both, the action index is read and the actor applied as a filter, so a page may
 * hold fewer than `limit` entries while `nextCursor` is still set (as with DynamoDB filters).
 */
export async function listAudit(
  deps: IdentityDeps,
  principal: Principal,
  input: ListAuditInput,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const access = await requireOrgAccess(deps, principal, input.organizationId);
  requirePermission(access.role, 'audit:read');
  const orgId = access.org.data.id;
  const limit = requirePageLimit(input.limit);
  const actorId = typeof input.actorId === 'string' && input.actorId ? input.actorId : undefined;
  const action = typeof input.action === 'string' && input.action ? input.action : undefined;
  let query: QueryInput;
  if (action) {
    query = { index: 'gsi2', pk: auditActionPartition(orgId, action) };
  } else if (actorId) {
    query = { index: 'gsi1', pk: auditActorPartition(actorId), sk: { beginsWith: auditActorOrgPrefix(orgId) } };
  } else {
    query = { pk: auditPartition(orgId), sk: { beginsWith: auditPrefix } };
  }
  const page = await deps.store.query<AuditRecord>({ ...query, reverse: true, limit, cursor: input.cursor });
  const records = page.items.map((item) => item.data).filter((record) => !actorId || record.actorId === actorId);
  return { items: records.map(toAuditEntry), nextCursor: page.nextCursor };
}
