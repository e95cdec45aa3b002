/** The Hono environment shared by every middleware and route: per-request variables set by http/. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor, AppError, Principal } from '@diatonic/core';
import type { Logger } from 'pino';
import type { AuditNote } from './audit-trail.ts';

export interface AppVariables {
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

/** `c.env`: what the request frame and the entry hand to Hono with each request. */
export interface RequestBindings {
  /** Given by the request frame; every response and log line carries it (`requestIdOf(c)`). */
  requestId: string;
  /** The Node server's request and response (@hono/node-server); absent on Lambda and in process. */
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

export interface AppEnv {
  Variables: AppVariables;
  Bindings: RequestBindings;
}

export type { Logger };
