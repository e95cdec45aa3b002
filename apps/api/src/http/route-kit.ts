/**
 * Pieces every route definition shares: JSON bodies and responses, the error responses it documents,
 * and `signedIn`/`audited`, which put the auth check and the audit declaration into the definition
 * itself (as route middleware, which runs before body validation, and in OpenAPI).
 */
import { ApiErrorBody } from '@diatonic/api-schemas';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './app-env.ts';
import { type AuditTargetOf, auditAs } from './audit-trail.ts';
import { requireAuth } from './authenticate.ts';

export const bearerScheme = 'bearerAuth';

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } } as const;
}

const errorDescriptions: Record<number, string> = {
  400: 'The request is not valid (`invalid_input`)',
  401: 'Missing, invalid or expired access token (`unauthenticated`)',
  403: 'Not allowed (`forbidden`), or not a member of the X-Organization-Id organisation',
  404: 'No such resource, or not one of yours (`not_found`)',
  409: 'Conflicts with the current state (`conflict`)',
  429: 'Too many attempts (`rate_limited`); see Retry-After',
  502: 'The identity provider could not be reached (`upstream_failed`)',
};

export function errorResponses<S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, jsonResponse(errorDescriptions[status] ?? 'Error', ApiErrorBody)]),
  ) as Record<S, ReturnType<typeof jsonResponse<typeof ApiErrorBody>>>;
}

interface AuditDeclaration {
  action: string;
  target?: AuditTargetOf;
  /** Successes are recorded there, not in the audit log (published as `x-audit-success-recorded-by`). */
  successRecordedBy?: string;
}

function auditDeclaration(audit: AuditDeclaration) {
  return {
    'x-audit-action': audit.action,
    ...(audit.successRecordedBy ? { 'x-audit-success-recorded-by': audit.successRecordedBy } : {}),
  };
}

function auditMiddleware(audit: AuditDeclaration): MiddlewareHandler<AppEnv> {
  return auditAs(audit.action, audit.target, audit);
}

/** A route for anyone; when `audit` is given its outcome is recorded against the user the handler notes. */
export function audited(audit: AuditDeclaration) {
  return {
    ...auditDeclaration(audit),
    middleware: [auditMiddleware(audit)],
  };
}

/** A route for signed-in users (`Authorization: Bearer`), audited when it changes state. */
export function signedIn(audit?: AuditDeclaration) {
  const middleware: MiddlewareHandler<AppEnv>[] = [requireAuth];
  if (audit) middleware.push(auditMiddleware(audit));
  return {
    security: [{ [bearerScheme]: [] }],
    ...(audit ? auditDeclaration(audit) : {}),
    middleware,
  };
}
