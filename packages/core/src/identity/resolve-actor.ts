import type { Actor, Principal } from '../shared/actor.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import { normaliseEmail } from './email-address.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { isId } from './identity-input.ts';
import { externalSubjectKey, memberKey, orgKey, userKey } from './keys.ts';
import { listUserMemberships } from './memberships.ts';
import { createUserWithOrganization } from './new-user.ts';
import type { ExternalSubjectRecord, MembershipRecord, OrganizationRecord, UserRecord } from './records.ts';
import type { VerifiedIdentity } from './verified-identity.ts';

export interface ResolveActorInput {
  /** The organisation the request acts in (`X-Organization-Id`); the user's default when absent. */
  organizationId?: string;
}

const accountGone = () => AppError.unauthenticated('This account no longer exists');

function nameFromEmail(email: string | undefined): string {
  const local = email?.split('@')[0]?.trim();
  return local ? local.slice(0, 100) : 'New user';
}

/** Our user for an external subject, created on first sight with a personal organisation. */
async function userForExternalSubject(deps: IdentityDeps, identity: VerifiedIdentity): Promise<string> {
  const key = externalSubjectKey(identity.provider, identity.sub);
  const existing = await deps.store.get<ExternalSubjectRecord>(key);
  if (existing) return existing.data.userId;
  const email = identity.email?.trim() || null;
  const base = {
    email,
    emailNormalised: email ? normaliseEmail(email) : null,
    name: nameFromEmail(email ?? undefined),
    external: { provider: identity.provider, sub: identity.sub },
  };
  try {
    try {
      return (await createUserWithOrganization(deps, { ...base, claimEmail: email !== null })).user.id;
    } catch (error) {
      // The address belongs to another account (say, created before the switch to Cognito): link without claiming it.
      if (isAppError(error) && error.details?.reason === 'email_taken') {
        return (await createUserWithOrganization(deps, { ...base, claimEmail: false })).user.id;
      }
      throw error;
    }
  } catch (error) {
    if (!(isAppError(error) && error.details?.reason === 'external_linked')) throw error;
    // A concurrent first request created the user: use it.
    const linked = await deps.store.get<ExternalSubjectRecord>(key);
    if (!linked) throw error;
    return linked.data.userId;
  }
}

function checkTokenStillValid(user: UserRecord, identity: VerifiedIdentity): void {
  if (
    user.tokensValidAfterMs !== undefined &&
    identity.issuedAtMs !== undefined &&
    identity.issuedAtMs < user.tokensValidAfterMs
  ) {
    throw AppError.unauthenticated('Your session has ended; sign in again');
  }
}

function principalOf(user: UserRecord): Principal {
  return { userId: user.id, ...(user.platformRole ? { platformRole: user.platformRole } : {}) };
}

/** The signed-in user without an organisation (account routes, accepting an invitation, creating an organisation). */
export async function resolvePrincipal(
  deps: IdentityDeps,
  identity: VerifiedIdentity,
): Promise<Principal & { user: UserRecord }> {
  const userId = identity.provider === 'builtin' ? identity.sub : await userForExternalSubject(deps, identity);
  const user = (await deps.store.get<UserRecord>(userKey(userId)))?.data;
  if (!user) throw accountGone();
  checkTokenStillValid(user, identity);
  return { ...principalOf(user), user };
}

/**
 * The actor for one request: the verified user acting in the requested organisation (membership read
 * on every call: not a member → forbidden) or in their default one (personal, else the first).
 * Role and plan always come from our records, never from the token or the client.
 */
export async function resolveActor(
  deps: IdentityDeps,
  identity: VerifiedIdentity,
  input: ResolveActorInput = {},
): Promise<Actor> {
  const userId = identity.provider === 'builtin' ? identity.sub : await userForExternalSubject(deps, identity);
  const requested = input.organizationId;
  if (requested !== undefined && !isId(requested, 'org')) {
    throw AppError.forbidden('org:read', 'You are not a member of this organisation');
  }
  // One round trip for the common case: user, membership and organisation together.
  const keys = [userKey(userId), ...(requested ? [memberKey(requested, userId), orgKey(requested)] : [])];
  const items = await deps.store.getMany<UserRecord | MembershipRecord | OrganizationRecord>(keys);
  const user = items.find((item) => item.sk === 'PROFILE')?.data as UserRecord | undefined;
  if (!user) throw accountGone();
  checkTokenStillValid(user, identity);

  let membership: MembershipRecord | undefined;
  let organization: OrganizationRecord | undefined;
  if (requested) {
    membership = items.find((item) => item.sk.startsWith('MEMBER#'))?.data as MembershipRecord | undefined;
    organization = items.find((item) => item.sk === 'ORG')?.data as OrganizationRecord | undefined;
    if (!membership || !organization) throw AppError.forbidden('org:read', 'You are not a member of this organisation');
  } else {
    const [personalMember, personalOrg] = await Promise.all([
      deps.store.get<MembershipRecord>(memberKey(user.personalOrgId, user.id)),
      deps.store.get<OrganizationRecord>(orgKey(user.personalOrgId)),
    ]);
    if (personalMember && personalOrg) {
      membership = personalMember.data;
      organization = personalOrg.data;
    } else {
      const first = (await listUserMemberships(deps, user.id))[0];
      if (!first) throw AppError.forbidden('org:read', 'You are not a member of any organisation');
      membership = first.membership;
      organization = first.organization;
    }
  }
  return { ...principalOf(user), orgId: organization.id, role: membership.role, plan: organization.plan };
}
