/** The Hono environment shared by every middleware and route: per-request variables set by http/. */
import type { Logger } from 'pino';

export interface AppVariables {
  /** Set first by `requestId()`; every response and log line carries it. */
  requestId: string;
  /** The authenticated user, once identity exists (next issue); rate limiting keys on it when present. */
  userId?: string;
}

export interface AppEnv {
  Variables: AppVariables;
}

export type { Logger };
