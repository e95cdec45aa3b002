/** Domain views → the identity wire shapes of @diatonic/api-schemas (one place, so routes stay short). */
import type { Organization, TokensResponse, User } from '@diatonic/api-schemas';
import type { AuthTokens, OrganizationView, OrgRole, PlanId, UserView } from '@diatonic/core';

export function toUser(user: UserView): User {
  const { platformRole, ...rest } = user;
  return { ...rest, ...(platformRole ? { platformRole } : {}) };
}

export function toTokens(tokens: AuthTokens, user: UserView): TokensResponse {
  const { accessToken, refreshToken, tokenType, expiresIn } = tokens;
  return { accessToken, refreshToken, tokenType, expiresIn, user: toUser(user) };
}

export function toOrganization(org: OrganizationView & { role?: OrgRole }): Organization {
  const { role, ...rest } = org;
  return { ...rest, ...(role ? { myRole: role } : {}) };
}

// The wire keeps its own copies of the role and plan lists (api-schemas may not import core); these
// lines stop compiling when the lists drift apart in either direction.
type WireRole = typeof import('@diatonic/api-schemas')['orgRoleIds'][number];
type WirePlan = typeof import('@diatonic/api-schemas')['planIdList'][number];
const rolesMatch: [WireRole, OrgRole] = ['' as OrgRole, '' as WireRole];
const plansMatch: [WirePlan, PlanId] = ['' as PlanId, '' as WirePlan];
void rolesMatch;
void plansMatch;
