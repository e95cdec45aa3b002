/** The Hono environment shared by every middleware and route: per-request variables set by http/. */
import type { Actor, AppError, Principal } from '@diatonic/core';
import type { Logger } from 'pino';
import type { AuditNote } from './audit-trail.ts';

export interface AppVariables {
  /** Set first by `requestId()`; every response and log line carries it. */
  requestId: string;
  /** The authenticated user's id (set by `authenticate`); rate limiting keys on it when present. */
  userId?: string;
  /** The signed-in user (set by `authenticate` when the bearer token is valid). */
  principal?: Principal;
  /** The user acting in the active organisation (`X-Organization-Id`, else their default one). */
  actor?: Actor;
  /** Why a presented token was refused; `requireAuth` answers with it on routes that need a user. */
  authError?: AppError;
  /** What the audit trail records for this request (declared by the route, completed by its handler). */
  audit?: AuditNote;
}

export interface AppEnv {
  Variables: AppVariables;
}

export type { Logger };
