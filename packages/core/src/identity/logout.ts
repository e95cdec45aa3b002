import type { IdentityDeps } from './identity-deps.ts';
import { endSession } from './sessions.ts';

export interface LogoutInput {
  refreshToken: string;
}

/** Revokes the session (refresh-token family) the token belongs to. Idempotent. */
export async function logout(deps: IdentityDeps, input: LogoutInput): Promise<void> {
  await endSession(deps, input.refreshToken);
}
