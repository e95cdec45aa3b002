/**
 * The items that make a new user: the user, its e-mail claim, its personal organisation and the owner
 * membership, written in one transaction so a half-created account never exists.
 */
import type { TransactOperation } from '../ports/item-store.ts';
import { isoAt } from '../shared/clock.ts';
import { AppError, ConditionFailedError } from '../shared/errors.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { emailKey, externalSubjectKey, memberIndex, memberKey, organizationIndex, orgKey, userKey } from './keys.ts';
import type { MembershipRecord, OrganizationRecord, UserRecord } from './records.ts';
import type { PlatformRole } from './roles.ts';

export interface NewUserInput {
  email: string | null;
  emailNormalised: string | null;
  name: string;
  passwordHash?: string;
  platformRole?: PlatformRole;
  /** External identity (Cognito) this user is created for. */
  external?: { provider: string; sub: string };
  /** Claim the e-mail (uniqueness item). Always for password users; for external users when their e-mail is verified. */
  claimEmail: boolean;
}

export function personalOrganizationName(name: string): string {
  const base = `${name}'s workspace`;
  return [...base].length <= 100 ? base : `${[...name].slice(0, 88).join('')}'s workspace`;
}

export async function createUserWithOrganization(
  deps: IdentityDeps,
  input: NewUserInput,
  extra: TransactOperation[] = [],
): Promise<{ user: UserRecord; organization: OrganizationRecord }> {
  const now = isoAt(deps.clock.nowMs());
  const userId = deps.ids.next('usr');
  const orgId = deps.ids.next('org');
  const user: UserRecord = {
    id: userId,
    email: input.email,
    emailNormalised: input.emailNormalised,
    name: input.name,
    ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}),
    ...(input.platformRole ? { platformRole: input.platformRole } : {}),
    ...(input.external ? { provider: input.external.provider, externalSubject: input.external.sub } : {}),
    personalOrgId: orgId,
    createdAt: now,
    updatedAt: now,
  };
  const organization: OrganizationRecord = {
    id: orgId,
    name: personalOrganizationName(input.name),
    plan: 'free',
    personal: true,
    memberCount: 1,
    ownerCount: 1,
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
  };
  const membership: MembershipRecord = { orgId, userId, role: 'owner', joinedAt: now };
  const operations: TransactOperation[] = [];
  let emailIndex = -1;
  let externalIndex = -1;
  if (input.emailNormalised && input.claimEmail) {
    emailIndex =
      operations.push({
        kind: 'put',
        item: { ...emailKey(input.emailNormalised), data: { userId } },
        condition: [{ kind: 'notExists' }],
      }) - 1;
  }
  if (input.external) {
    externalIndex =
      operations.push({
        kind: 'put',
        item: { ...externalSubjectKey(input.external.provider, input.external.sub), data: { userId } },
        condition: [{ kind: 'notExists' }],
      }) - 1;
  }
  operations.push(
    { kind: 'put', item: { ...userKey(userId), data: user }, condition: [{ kind: 'notExists' }] },
    {
      kind: 'put',
      item: { ...orgKey(orgId), ...organizationIndex(orgId, now), data: organization },
      condition: [{ kind: 'notExists' }],
    },
    {
      kind: 'put',
      item: { ...memberKey(orgId, userId), ...memberIndex(orgId, userId), data: membership },
      condition: [{ kind: 'notExists' }],
    },
    ...extra,
  );
  try {
    await deps.store.transact(operations);
  } catch (error) {
    if (error instanceof ConditionFailedError && error.index !== undefined) {
      if (error.index === emailIndex) {
        throw AppError.conflict('An account with this e-mail address already exists', {
          field: 'email',
          reason: 'email_taken',
        });
      }
      if (error.index === externalIndex) {
        throw AppError.conflict('This external account is already linked to a user', { reason: 'external_linked' });
      }
    }
    throw error;
  }
  return { user, organization };
}
