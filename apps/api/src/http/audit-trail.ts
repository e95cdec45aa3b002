/**
 * The audit trail: one entry per state-changing request (POST, PUT, PATCH, DELETE) with a known actor,
 * written after the response is decided so the outcome is the real one. Each route declares its stable
 * action name and target with `auditAs` (in the route definition, also published in OpenAPI as
 * `x-audit-action`); handlers may complete the note (`noteAudit`) with what only they know, such as a
 * new resource's id or, for sign-up and login, whom the entry is about.
 *
 * The organisation: on success the route's (path `orgId`, or what the handler noted), else the caller's
 * active one. Failures never write into the path's organisation: the caller may not belong to it (or it
 * may not exist), and its log must not be writable by outsiders; the path id goes into `details`.
 */
import { type AuditOutcome, type Identity, isAppError, type RecordAuditInput } from '@diatonic/core';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, Logger } from './app-env.ts';
import { requestIdOf } from './request-frame.ts';

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditNote {
  action: string;
  organizationId?: string;
  target: AuditTarget | null;
  /** Whom the entry is about when the caller was not signed in (sign-up, login). */
  actorId?: string;
  /** Nothing to record (e.g. the account and its organisation are gone). */
  skip?: boolean;
  /**
   * Where a successful request is recorded instead (the route's declaration): only its failures get an
   * audit entry. For a record that already holds what an entry would, e.g. the AI usage ledger.
   */
  successRecordedBy?: string;
}

export interface AuditOptions {
  /** See `AuditNote.successRecordedBy`. */
  successRecordedBy?: string;
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const safeToken = /^[A-Za-z0-9_.:@#-]{1,128}$/;

/** Finds an entry's target from the path parameters (and the signed-in caller). */
export type AuditTargetOf = (params: Record<string, string>, c: Context<AppEnv>) => AuditTarget | null;

/** The signed-in caller as the target (account routes). */
export const callerTarget: AuditTargetOf = (_params, c) => {
  const userId = c.get('principal')?.userId;
  return userId ? { type: 'user', id: userId } : null;
};

/** Route middleware declaring the entry; `target` reads the path parameters. */
export function auditAs(action: string, target?: AuditTargetOf, options: AuditOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const params = c.req.param() as Record<string, string>;
    const found = target?.(params, c) ?? null;
    c.set('audit', {
      action,
      target: found && safeToken.test(found.type) && safeToken.test(found.id) ? found : null,
      ...(params.orgId ? { organizationId: params.orgId } : {}),
      ...(options.successRecordedBy ? { successRecordedBy: options.successRecordedBy } : {}),
    });
    await next();
  };
}

/** Completes the route's note from the handler. */
export function noteAudit(c: Context<AppEnv>, changes: Partial<AuditNote>): void {
  const note = c.get('audit');
  if (note) c.set('audit', { ...note, ...changes });
}

function errorCodeOf(c: Context<AppEnv>): string {
  const error = c.error;
  if (isAppError(error)) return error.code;
  if (error instanceof HTTPException || !error) {
    const status = c.res.status;
    if (status === 413) return 'payload_too_large';
    if (status === 415) return 'unsupported_media_type';
    if (status < 500) return 'invalid_input';
  }
  return 'internal';
}

export interface AuditTrailOptions {
  identity: Pick<Identity, 'recordAudit'>;
  logger: Logger;
}

export function auditTrail({ identity, logger }: AuditTrailOptions): MiddlewareHandler<AppEnv> {
  const record = async (c: Context<AppEnv>) => {
    const note = c.get('audit');
    if (!note || note.skip) return;
    const actorId = c.get('principal')?.userId ?? note.actorId;
    if (!actorId) return;
    const failed = c.res.status >= 400;
    if (!failed && note.successRecordedBy) return;
    const activeOrgId = c.get('actor')?.orgId;
    const organizationId = failed ? activeOrgId : (note.organizationId ?? activeOrgId);
    if (!organizationId) return;
    const errorCode = failed ? errorCodeOf(c) : undefined;
    // A request the caller's role does not allow is `denied` (what a reviewer looks for); others fail.
    const outcome: AuditOutcome = !failed ? 'success' : errorCode === 'forbidden' ? 'denied' : 'failure';
    const details: Record<string, unknown> = {};
    if (errorCode) details.errorCode = errorCode;
    if (note.organizationId && note.organizationId !== organizationId) {
      details.organizationId = note.organizationId.slice(0, 128);
    }
    const entry: RecordAuditInput = {
      organizationId,
      actorId,
      action: note.action,
      target: note.target,
      requestId: requestIdOf(c),
      outcome,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    };
    try {
      await identity.recordAudit(entry);
    } catch (err) {
      // The request has already happened; a lost entry is logged loudly rather than turned into an error.
      logger.error({ err, requestId: requestIdOf(c), action: note.action }, 'audit entry not written');
    }
  };
  // Reads pass straight through: no async frame on the hot path of every GET.
  return (c, next) => (stateChanging.has(c.req.method) ? next().then(() => record(c)) : next());
}
