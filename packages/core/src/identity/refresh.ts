import type { IdentityDeps } from './identity-deps.ts';
import { type AuthTokens, rotateRefreshToken } from './sessions.ts';

export interface RefreshInput {
  refreshToken: string;
}

/** Exchanges a refresh token for a new access and refresh token; the presented one can never be used again. */
export function refresh(deps: IdentityDeps, input: RefreshInput): Promise<AuthTokens> {
  return rotateRefreshToken(deps, input.refreshToken);
}
