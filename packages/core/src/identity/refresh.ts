import type { IdentityDeps } from './identity-deps.ts';
import { type AuthTokens, rotateRefreshToken } from './sessions.ts';
import { toUserView, type UserView } from './views.ts';

export interface RefreshInput {
  refreshToken: string;
}

/** The new tokens, plus the user they belong to (the API answers with both, like login). */
export type RefreshResult = AuthTokens & { user: UserView };

/** Exchanges a refresh token for a new access and refresh token; the presented one can never be used again. */
export async function refresh(deps: IdentityDeps, input: RefreshInput): Promise<RefreshResult> {
  const { tokens, user } = await rotateRefreshToken(deps, input.refreshToken);
  return { ...tokens, user: toUserView(user) };
}
