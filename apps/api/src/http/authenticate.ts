/**
 * Who is calling. `authenticate` runs on every `/api/*` request before rate limiting: it reads
 * `Authorization: Bearer`, verifies the token (built-in ES256 or Cognito, whichever the config picked)
 * and resolves the actor with a membership read on every request, so a removed member loses access at
 * once even with an unexpired token. A refused token does not stop the request here (public routes
 * ignore it); `requireAuth`, on every route that needs a user, answers 401 with `WWW-Authenticate`.
 */
import {
  type AccessTokenVerifier,
  type Actor,
  AppError,
  type Identity,
  isAppError,
  type Principal,
} from '@diatonic/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { requestHeader } from './request-header.ts';

export interface AuthenticateOptions {
  identity: Pick<Identity, 'resolveActor' | 'resolvePrincipal'>;
  verifyAccessToken: AccessTokenVerifier;
}

const bearerPattern = /^Bearer +([A-Za-z0-9._~+/=-]{1,8192})$/i;

async function identify(c: Context<AppEnv>, header: string, options: AuthenticateOptions): Promise<void> {
  const token = bearerPattern.exec(header.trim())?.[1];
  if (!token) throw AppError.unauthenticated('Send the access token as Authorization: Bearer <token>');
  const verified = await options.verifyAccessToken(token);
  const organizationId = requestHeader(c, 'x-organization-id')?.trim() || undefined;
  let actor: Actor | undefined;
  let principal: Principal;
  try {
    actor = await options.identity.resolveActor(verified, organizationId ? { organizationId } : {});
    principal = { userId: actor.userId, ...(actor.platformRole ? { platformRole: actor.platformRole } : {}) };
  } catch (error) {
    // No organisation asked for and none to default to: the account routes still work without one.
    if (organizationId || !isAppError(error) || error.code !== 'forbidden') throw error;
    const { userId, platformRole } = await options.identity.resolvePrincipal(verified);
    principal = { userId, ...(platformRole ? { platformRole } : {}) };
  }
  c.set('principal', principal);
  if (actor) c.set('actor', actor);
  c.set('userId', principal.userId);
}

export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const identifyOrNote = async (c: Context<AppEnv>, header: string) => {
    try {
      await identify(c, header, options);
    } catch (error) {
      if (!isAppError(error)) throw error;
      c.set('authError', error);
    }
  };
  // Anonymous requests (probes, public reads) pass straight through without an async frame.
  return (c, next) => {
    const header = requestHeader(c, 'authorization');
    return header === undefined ? next() : identifyOrNote(c, header).then(next);
  };
}

/** Route middleware: the request must carry a valid token (and a membership for `X-Organization-Id`). */
export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const error = c.get('authError');
  if (error) {
    // RFC 6750 §3: a presented but refused token is `invalid_token`.
    if (error.code === 'unauthenticated')
      c.header('www-authenticate', 'Bearer realm="diatonic", error="invalid_token"');
    throw error;
  }
  if (!c.get('principal')) {
    c.header('www-authenticate', 'Bearer realm="diatonic"');
    throw AppError.unauthenticated('Sign in to continue: send Authorization: Bearer <access token>');
  }
  await next();
};

/** The signed-in user of a route behind `requireAuth`. */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw AppError.unauthenticated();
  return principal;
}
