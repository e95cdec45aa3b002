/**
 * The audit log: append-only entries (who, organisation, action, target, when, request id, outcome).
 * There is no update or delete use case; entries leave only with their organisation. They keep the
 * actor's id and no personal data, so deleting an account leaves them pointing at a "deleted user".
 */
import { isoAt } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { auditIndex, auditKey } from './keys.ts';
import type { AuditOutcome, AuditRecord } from './records.ts';

export interface RecordAuditInput {
  organizationId: string;
  /** User id, or `anonymous` / `system`. */
  actorId: string;
  /** `resource.verb`, e.g. `member.role_changed`, `org.renamed`. */
  action: string;
  target?: { type: string; id: string } | null;
  requestId?: string | null;
  outcome: AuditOutcome;
  /** Small, non-personal facts (old and new role…); at most 4 KB of JSON. */
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  organizationId: string;
  actorId: string;
  action: string;
  target: { type: string; id: string } | null;
  at: string;
  requestId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown> | null;
}

const actionPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const tokenPattern = /^[A-Za-z0-9_.:@#-]{1,128}$/;
const outcomes: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
const maxDetailsBytes = 4096;

export function toAuditEntry(record: AuditRecord): AuditEntry {
  return {
    id: record.id,
    organizationId: record.orgId,
    actorId: record.actorId,
    action: record.action,
    target: record.targetType && record.targetId ? { type: record.targetType, id: record.targetId } : null,
    at: record.at,
    requestId: record.requestId,
    outcome: record.outcome,
    details: record.details ?? null,
  };
}

export async function recordAudit(deps: IdentityDeps, input: RecordAuditInput): Promise<AuditEntry> {
  if (!isId(input.organizationId, 'org'))
    throw AppError.invalidInput('organizationId is not valid', { field: 'organizationId' });
  if (typeof input.actorId !== 'string' || !tokenPattern.test(input.actorId)) {
    throw AppError.invalidInput('actorId is not valid', { field: 'actorId' });
  }
  if (typeof input.action !== 'string' || input.action.length > 64 || !actionPattern.test(input.action)) {
    throw AppError.invalidInput('action must look like resource.verb', { field: 'action' });
  }
  if (!outcomes.includes(input.outcome)) throw AppError.invalidInput('outcome is not valid', { field: 'outcome' });
  const target = input.target ?? null;
  if (target && (!tokenPattern.test(target.type) || !tokenPattern.test(target.id))) {
    throw AppError.invalidInput('target is not valid', { field: 'target' });
  }
  const requestId = input.requestId ?? null;
  if (requestId !== null && (typeof requestId !== 'string' || !tokenPattern.test(requestId))) {
    throw AppError.invalidInput('requestId is not valid', { field: 'requestId' });
  }
  if (input.details !== undefined && Buffer.byteLength(JSON.stringify(input.details)) > maxDetailsBytes) {
    throw AppError.invalidInput(`details must be at most ${maxDetailsBytes} bytes of JSON`, { field: 'details' });
  }
  const nowMs = deps.clock.nowMs();
  const record: AuditRecord = {
    id: deps.ids.next('aud'),
    orgId: input.organizationId,
    actorId: input.actorId,
    action: input.action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    at: isoAt(nowMs),
    requestId,
    outcome: input.outcome,
    ...(input.details === undefined ? {} : { details: input.details }),
  };
  await deps.store.put<AuditRecord>(
    {
      ...auditKey(record.orgId, record.id),
      ...auditIndex(record.orgId, record.id, record.actorId, record.action),
      data: record,
    },
    { condition: [{ kind: 'notExists' }] },
  );
  return toAuditEntry(record);
}
